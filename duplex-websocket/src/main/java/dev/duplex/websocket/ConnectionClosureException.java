package dev.duplex.websocket;

/**
 * The connection is closed or closing: a write or close was attempted after close, a read found the
 * connection closed, or the closing handshake did not complete in time. The spec's
 * {@code ConnectionClosureError}.
 *
 * <p>{@link #closeCode()} and {@link #reason()} give the close frame that ended the connection when one
 * is known (1006 when the TCP connection dropped without one).
 */
public class ConnectionClosureException extends ConnectionException {
    private final String reason;

    public ConnectionClosureException(String message) {
        this(message, 0, "");
    }

    public ConnectionClosureException(String message, int closeCode, String reason) {
        super(message, null, closeCode);
        this.reason = reason == null ? "" : reason;
    }

    /** The close reason received or sent, empty when there was none. */
    public String reason() {
        return reason;
    }
}
