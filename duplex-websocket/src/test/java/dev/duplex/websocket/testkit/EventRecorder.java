package dev.duplex.websocket.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records what a service under test (or a test peer) saw, from whatever threads it happens on, and lets the test
 * thread take the events in order, waiting for each with a timeout. A test that expects every event it provoked ends
 * with {@link #assertNoMoreEvents()} (or {@link #assertExhausted()}), so an unexpected extra event — a second
 * {@code onClose}, a stray error — fails it.
 *
 * <p>Two styles: short strings ({@code record("close:1000:bye")}, {@link #next()}, {@link #nextStartingWith}), or a
 * name with a typed value ({@code record("onClose", 1000)}, {@link #expect(String, Class)},
 * {@link #expect(String, Object)}) that also notes the thread it was recorded on.
 *
 * <p>Thread safety: {@link #record} may be called from any thread (event loops, workers); the rest is for the one
 * test thread.
 */
public final class EventRecorder {
    /**
     * One recorded event.
     *
     * @param name   what happened, usually the name of the method that saw it ({@code "onTextMessage"})
     * @param value  what came with it (a message, a close code, an exception), or {@code null}
     * @param thread the name of the thread that recorded it
     */
    public record Event(String name, Object value, String thread) {
        /** The value, cast to {@code type}; fails the test when it is of another type. */
        public <T> T value(Class<T> type) {
            assertThat(value).as("value of %s", name).isInstanceOf(type);
            return type.cast(value);
        }

        /** The name alone, or {@code name:value}. */
        public String text() {
            return value == null ? name : name + ":" + value;
        }
    }

    /** How long {@link #next()} and the {@code expect} methods wait for an event. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #assertNoMoreEvents()} watches for a late event. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(100);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    /** Records an event without a value. */
    public void record(String event) {
        record(event, null);
    }

    /** Records an event with a value. */
    public void record(String name, Object value) {
        events.add(new Event(name, value, Thread.currentThread().getName()));
    }

    /** The next event as text ({@link Event#text()}), waiting up to 10 s; fails the test when none comes. */
    public String next() {
        return nextEvent().text();
    }

    /** Takes events until one's text starts with {@code prefix} and returns it; fails when none comes. */
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

    /** The next event, waiting up to {@link #DEFAULT_TIMEOUT}; fails the test when none comes. */
    public Event nextEvent() {
        return nextEvent(DEFAULT_TIMEOUT);
    }

    /** The next event, waiting up to {@code timeout}; fails the test when none comes. */
    public Event nextEvent(Duration timeout) {
        Event event = poll(timeout);
        if (event == null) {
            fail("no event within " + timeout);
        }
        return event;
    }

    /** The next event, or {@code null} when none comes within {@code timeout}. */
    public Event poll(Duration timeout) {
        try {
            return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an event", e);
        }
    }

    /** Takes the next event and checks its name. */
    public Event expect(String name) {
        Event event = nextEvent();
        assertThat(event.name()).as("next event (%s)", event).isEqualTo(name);
        return event;
    }

    /** Takes the next event, checks its name and returns its value as {@code type}. */
    public <T> T expect(String name, Class<T> type) {
        return expect(name).value(type);
    }

    /** Takes the next event and checks its name and value (arrays are compared element by element). */
    public Event expect(String name, Object value) {
        Event event = expect(name);
        assertThat(event.value()).as("value of %s", event).isEqualTo(value);
        return event;
    }

    /** Fails when an event is waiting now. */
    public void assertExhausted() {
        assertThat(events).as("events nobody expected").isEmpty();
    }

    /** Fails when an event is already waiting or arrives within {@link #DEFAULT_QUIET_PERIOD}. */
    public void assertNoMoreEvents() {
        assertNoMoreEvents(DEFAULT_QUIET_PERIOD);
    }

    /** Fails when an event is already waiting or arrives within {@code quietPeriod}. */
    public void assertNoMoreEvents(Duration quietPeriod) {
        Event event = poll(quietPeriod);
        if (event != null) {
            fail("expected no more events, got " + event);
        }
    }

    /** The text of every event recorded and not taken yet, without waiting. */
    public List<String> drain() {
        List<Event> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained.stream().map(Event::text).toList();
    }

    @Override
    public String toString() {
        return "EventRecorder" + events;
    }
}
