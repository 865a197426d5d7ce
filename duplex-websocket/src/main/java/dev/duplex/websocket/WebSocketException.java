package dev.duplex.websocket;

/**
 * The root of every error Duplex reports; the Java form of the spec's {@code websocket:Error}.
 *
 * <p>Unchecked, because service methods and lambdas are the main way users meet it. Where a close
 * code or an HTTP status applies, the subclass carries it: {@link #closeCode()} is the WebSocket close
 * code that was sent or received (0 when none applies).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class WebSocketException extends RuntimeException {
    private final int closeCode;

    public WebSocketException(String message) {
        this(message, null, 0);
    }

    public WebSocketException(String message, Throwable cause) {
        this(message, cause, 0);
    }

    protected WebSocketException(String message, Throwable cause, int closeCode) {
        super(message, cause);
        this.closeCode = closeCode;
    }

    /** The WebSocket close code tied to this error, or 0 when none applies. */
    public int closeCode() {
        return closeCode;
    }
}
