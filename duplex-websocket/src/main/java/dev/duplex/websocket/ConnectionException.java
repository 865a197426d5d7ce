package dev.duplex.websocket;

/**
 * The connection failed: it could not be opened, an I/O error broke it, or it is no longer usable.
 * The spec's {@code ConnectionError}. A {@link Client} with a {@code retryConfig} reconnects when connecting fails, when
 * the connection drops and when a write fails with an I/O error; see {@link RetryConfig}.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class ConnectionException extends WebSocketException {
    /**
     * A connection failure.
     *
     * @param message what happened
     */
    public ConnectionException(String message) {
        super(message);
    }

    /**
     * A connection failure with its cause.
     *
     * @param message what happened
     * @param cause   the underlying failure, e.g. an {@code IOException}
     */
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A connection failure tied to a close code, for subclasses.
     *
     * @param message   what happened
     * @param cause     the underlying failure, or {@code null}
     * @param closeCode the WebSocket close code sent or received, or 0
     */
    protected ConnectionException(String message, Throwable cause, int closeCode) {
        super(message, cause, closeCode);
    }
}
