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
    /** The WebSocket close code tied to this error, or 0. */
    private final int closeCode;

    /**
     * An error without a close code.
     *
     * @param message what happened
     */
    public WebSocketException(String message) {
        this(message, null, 0);
    }

    /**
     * An error with its cause and without a close code.
     *
     * @param message what happened
     * @param cause   the underlying failure, or {@code null}
     */
    public WebSocketException(String message, Throwable cause) {
        this(message, cause, 0);
    }

    /**
     * An error tied to a WebSocket close code, for subclasses.
     *
     * @param message   what happened
     * @param cause     the underlying failure, or {@code null}
     * @param closeCode the WebSocket close code sent or received, or 0
     */
    protected WebSocketException(String message, Throwable cause, int closeCode) {
        super(message, cause);
        this.closeCode = closeCode;
    }

    /** {@return the WebSocket close code tied to this error, or 0 when none applies} */
    public int closeCode() {
        return closeCode;
    }
}
