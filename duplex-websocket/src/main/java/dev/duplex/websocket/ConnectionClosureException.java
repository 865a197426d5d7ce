package dev.duplex.websocket;

/**
 * The connection is closed or closing: a write or close was attempted after close, a read found the
 * connection closed, or the closing handshake did not complete in time. The spec's
 * {@code ConnectionClosureError}.
 *
 * <p>{@link #closeCode()} and {@link #reason()} give the close frame that ended the connection when one
 * is known (1006 when the TCP connection dropped without one; 0 when not known).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class ConnectionClosureException extends ConnectionException {
    /** The close reason received or sent; never {@code null}. */
    private final String reason;

    /**
     * A closed connection whose close frame is not known (close code 0).
     *
     * @param message what happened
     */
    public ConnectionClosureException(String message) {
        this(message, 0, "");
    }

    /**
     * A closed connection and the close frame that ended it.
     *
     * @param message   what happened
     * @param closeCode the code of the close frame that ended the connection, 1006 for a dropped one, or 0
     * @param reason    that close frame's reason; {@code null} becomes empty
     */
    public ConnectionClosureException(String message, int closeCode, String reason) {
        super(message, null, closeCode);
        this.reason = reason == null ? "" : reason;
    }

    /** {@return the close reason received or sent, empty when there was none} */
    public String reason() {
        return reason;
    }
}
