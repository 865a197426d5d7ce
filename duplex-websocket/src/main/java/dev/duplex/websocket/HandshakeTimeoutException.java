package dev.duplex.websocket;

/** The opening handshake did not complete within {@code handShakeTimeout}. The spec's {@code HandshakeTimedOut}. */
public class HandshakeTimeoutException extends WebSocketException {
    public HandshakeTimeoutException(String message) {
        super(message);
    }
}
