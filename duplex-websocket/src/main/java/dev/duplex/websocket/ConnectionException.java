package dev.duplex.websocket;

/**
 * The connection failed: it could not be opened, an I/O error broke it, or it is no longer usable.
 * The spec's {@code ConnectionError}.
 */
public class ConnectionException extends WebSocketException {
    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    protected ConnectionException(String message, Throwable cause, int closeCode) {
        super(message, cause, closeCode);
    }
}
