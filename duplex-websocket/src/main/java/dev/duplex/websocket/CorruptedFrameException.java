package dev.duplex.websocket;

/**
 * The peer broke RFC 6455: bad framing, reserved bits, unknown opcodes, invalid UTF-8 or an invalid
 * close frame. The connection was closed with {@link #closeCode()} (1002 or 1007). The spec's
 * {@code CorruptedFrameError}. It reaches the service's {@code onError}, or a client's pending read.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class CorruptedFrameException extends WebSocketException {
    /**
     * A protocol violation and the close code it was answered with.
     *
     * @param message   what happened
     * @param closeCode the close code sent: 1002 (protocol error) or 1007 (invalid payload)
     */
    public CorruptedFrameException(String message, int closeCode) {
        super(message, null, closeCode);
    }
}
