package dev.duplex.websocket;

/**
 * The opening handshake did not complete within {@link ClientConfiguration#handShakeTimeout()}. The spec's
 * {@code HandshakeTimedOut}. A {@link Client} with a {@code retryConfig} retries after it.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class HandshakeTimeoutException extends WebSocketException {
    /**
     * A handshake timeout.
     *
     * @param message what timed out, and the limit
     */
    public HandshakeTimeoutException(String message) {
        super(message);
    }
}
