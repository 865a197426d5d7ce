package dev.duplex.websocket;

/**
 * A frame or message exceeded its size limit ({@code maxFrameSize} or {@code maxMessageSize}); the
 * connection was closed with 1009. The message names the limit, the size and the setting to change.
 * The spec's {@code PayloadTooLargeError}. Its {@link #closeCode()} is 1009.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class PayloadTooLargeException extends WebSocketException {
    /**
     * A size limit was exceeded; the close code is 1009.
     *
     * @param message the limit, the size and the setting to change
     */
    public PayloadTooLargeException(String message) {
        super(message, null, 1009);
    }
}
