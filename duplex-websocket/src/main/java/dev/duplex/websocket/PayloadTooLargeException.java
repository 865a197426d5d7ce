package dev.duplex.websocket;

/**
 * A frame or message exceeded its size limit ({@code maxFrameSize} or {@code maxMessageSize}); the
 * connection was closed with 1009. The message names the limit, the size and the setting to change.
 * The spec's {@code PayloadTooLargeError}.
 */
public class PayloadTooLargeException extends WebSocketException {
    public PayloadTooLargeException(String message) {
        super(message, null, 1009);
    }
}
