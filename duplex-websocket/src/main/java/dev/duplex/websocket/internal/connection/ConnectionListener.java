package dev.duplex.websocket.internal.connection;

import dev.duplex.websocket.WebSocketException;
import io.netty.buffer.ByteBuf;

/**
 * What a connection reports: the server's service dispatcher and the client's inbox implement it.
 *
 * <p>Every method is called on the connection's event-loop thread, in wire order, and must not block.
 * {@link #onClose} is called exactly once, last.
 */
public interface ConnectionListener {
    /**
     * The handler that reads this connection, so the listener can pause reading while it is behind. Called once,
     * before the handler is added; by default ignored.
     */
    default void readsFrom(ConnectionHandler handler) {
    }

    /** The connection is open; the first event. */
    void onOpen();

    /** A whole text message; the listener owns and must release {@code utf8}. */
    void onText(ByteBuf utf8);

    /** A whole binary message; the listener owns and must release {@code data}. */
    void onBinary(ByteBuf data);

    /**
     * Whether the listener answers pings itself ({@link #onPing} is then called and no pong is sent automatically).
     * Asked once, when the connection opens.
     */
    boolean answersPings();

    /** A ping, when {@link #answersPings()}. */
    void onPing(byte[] payload);

    /** A pong. */
    void onPong(byte[] payload);

    /** The connection saw no traffic for its idle timeout. */
    void onIdleTimeout();

    /**
     * The peer broke the protocol after the events delivered so far: runs {@code failure} — which answers the
     * violation with its close frame and reports it through {@link #onError} — once the application has consumed
     * those events, so that what it does with them (an echo, say) still goes out before the close frame. The
     * connection runs {@code failure} itself after its closure timeout if the application takes longer; running it
     * twice is harmless. By default at once (events are consumed as they are delivered).
     */
    default void afterDeliveredEvents(Runnable failure) {
        failure.run();
    }

    /**
     * A failure: a protocol violation by the peer (already answered with a close frame), an I/O error, or a write
     * that could not complete.
     */
    void onError(WebSocketException error);

    /** The connection ended: the peer's close code, the code this end sent on a violation, or 1006. The last event. */
    void onClose(int statusCode, String reason);
}
