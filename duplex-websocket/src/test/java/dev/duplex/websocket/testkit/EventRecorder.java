package dev.duplex.websocket.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records events as short strings ("open", "text:hello", "close:1000:bye") from whatever threads they happen on, and
 * lets the test thread take them in order, waiting for each with a timeout, and assert nothing else happened.
 *
 * <p>Thread safety: {@link #record} from any thread; the rest from the test thread.
 */
public final class EventRecorder {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    public void record(String event) {
        events.add(event);
    }

    /** The next event, waiting up to 10 s; fails the test when none comes. */
    public String next() {
        try {
            String event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within " + WAIT).isNotNull();
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Takes events until one starts with {@code prefix} and returns it; fails when none comes within 10 s each. */
    public String nextStartingWith(String prefix) {
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String event = next();
            if (event.startsWith(prefix)) {
                return event;
            }
            skipped.add(event);
        }
        throw new AssertionError("no event starting with " + prefix + "; saw " + skipped);
    }

    /** Fails when an event is waiting. */
    public void assertExhausted() {
        assertThat(events).as("events nobody expected").isEmpty();
    }

    /** Every event recorded and not taken yet, without waiting. */
    public List<String> drain() {
        List<String> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }
}
