package dev.duplex.websocket;

/**
 * The peer broke RFC 6455: bad framing, reserved bits, unknown opcodes, invalid UTF-8 or an invalid
 * close frame. The connection was closed with {@link #closeCode()} (1002 or 1007). The spec's
 * {@code CorruptedFrameError}.
 */
public class CorruptedFrameException extends WebSocketException {
    public CorruptedFrameException(String message, int closeCode) {
        super(message, null, closeCode);
    }
}
