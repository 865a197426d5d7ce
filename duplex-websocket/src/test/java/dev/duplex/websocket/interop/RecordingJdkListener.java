package dev.duplex.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WebSocket.Listener} for the JDK's client that records every event it gets, whole messages joined from
 * their parts, so a test can take them in order and fail on anything it did not expect.
 *
 * <p>Thread safety: the JDK calls the listener methods one at a time (it never calls the next before the previous
 * returns); the partial-message buffers are touched only by those calls. The queue hands events to the test thread.
 */
final class RecordingJdkListener implements WebSocket.Listener {
    /** What the JDK client saw, in order. */
    sealed interface Event {
    }

    record Text(String text) implements Event {
    }

    record Binary(byte[] data) implements Event {
    }

    record Ping(byte[] data) implements Event {
    }

    record Pong(byte[] data) implements Event {
    }

    record Close(int statusCode, String reason) implements Event {
    }

    record Error(Throwable error) implements Event {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Parts of the text message being received; listener calls only. */
    private final StringBuilder textParts = new StringBuilder();
    /** Parts of the binary message being received; listener calls only. */
    private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        textParts.append(data);
        if (last) {
            events.add(new Text(textParts.toString()));
            textParts.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        binaryParts.writeBytes(bytesOf(data));
        if (last) {
            events.add(new Binary(binaryParts.toByteArray()));
            binaryParts.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        events.add(new Ping(bytesOf(message)));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        events.add(new Pong(bytesOf(message)));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add(new Error(error));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** The next event, waiting up to 10 s for it. */
    Event next() {
        try {
            Event event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("the JDK client saw no event within " + TIMEOUT);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an event", e);
        }
    }

    /** The next event, which must be of {@code type}. */
    <T extends Event> T next(Class<T> type) {
        Event event = next();
        assertThat(event).as("next event of the JDK client").isInstanceOf(type);
        return type.cast(event);
    }

    String nextText() {
        return next(Text.class).text();
    }

    byte[] nextBinary() {
        return next(Binary.class).data();
    }

    /** Fails if any event is waiting. */
    void assertNoMoreEvents() {
        assertThat(events).as("events the JDK client saw that the test did not expect").isEmpty();
    }
}
