package dev.duplex.websocket.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own WebSocket client ({@link java.net.http.WebSocket}) as a test peer: a real, independent implementation
 * that answers pings and closing handshakes itself, and records what it receives in an {@link EventRecorder}:
 * {@code "text"} (a whole message as a {@code String}), {@code "binary"} ({@code byte[]}), {@code "ping"},
 * {@code "pong"} ({@code byte[]}), {@code "close"} ({@link Closed}) and {@code "error"} ({@code Throwable}).
 *
 * <p>Thread safety: the send methods are for one test thread (each waits for its send to complete); events are
 * recorded on the JDK client's threads.
 */
public final class JdkWebSocketPeer implements AutoCloseable {
    /** A close frame the peer received. */
    public record Closed(int code, String reason) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final WebSocket socket;
    private final EventRecorder events;

    private JdkWebSocketPeer(WebSocket socket, EventRecorder events) {
        this.socket = socket;
        this.events = events;
    }

    /** Opens a connection to {@code uri}, offering {@code subProtocols}; fails unless the handshake succeeds. */
    public static JdkWebSocketPeer connect(URI uri, String... subProtocols) {
        EventRecorder events = new EventRecorder();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (subProtocols.length > 0) {
            builder.subprotocols(subProtocols[0], java.util.Arrays.copyOfRange(subProtocols, 1, subProtocols.length));
        }
        WebSocket socket = await(builder.buildAsync(uri, new Recording(events)));
        return new JdkWebSocketPeer(socket, events);
    }

    /** Everything this peer received. */
    public EventRecorder events() {
        return events;
    }

    public WebSocket socket() {
        return socket;
    }

    /** The sub-protocol the server chose, or an empty string. */
    public String subProtocol() {
        return socket.getSubprotocol();
    }

    public void sendText(String text) {
        await(socket.sendText(text, true));
    }

    public void sendBinary(byte[] data) {
        await(socket.sendBinary(ByteBuffer.wrap(data), true));
    }

    public void sendPing(byte[] data) {
        await(socket.sendPing(ByteBuffer.wrap(data)));
    }

    public void sendPong(byte[] data) {
        await(socket.sendPong(ByteBuffer.wrap(data)));
    }

    public void sendClose(int code, String reason) {
        await(socket.sendClose(code, reason));
    }

    /** Takes the next event, which must be a text message, and returns it. */
    public String expectText() {
        return events.expect("text", String.class);
    }

    /** Takes the next event, which must be a binary message, and returns it. */
    public byte[] expectBinary() {
        return events.expect("binary", byte[].class);
    }

    /** Takes the next event, which must be a close frame, and returns it. */
    public Closed expectClose() {
        return events.expect("close", Closed.class);
    }

    /** Drops the TCP connection without a closing handshake. */
    @Override
    public void close() {
        socket.abort();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("WebSocket operation did not complete: " + e, e);
        }
    }

    /** Runs on the JDK client's threads, one callback at a time. */
    private static final class Recording implements WebSocket.Listener {
        private final EventRecorder events;
        /** Parts of the text or binary message being received; owned by the callback thread. */
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        Recording(EventRecorder events) {
            this.events = events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.record("text", text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            binary.writeBytes(part);
            if (last) {
                events.record("binary", binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            events.record("ping", bytes(message));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            events.record("pong", bytes(message));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.record("close", new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.record("error", error);
        }

        private static byte[] bytes(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
    }
}
