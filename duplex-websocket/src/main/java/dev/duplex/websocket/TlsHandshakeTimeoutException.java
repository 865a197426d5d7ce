package dev.duplex.websocket;

/**
 * The TLS handshake did not complete within {@code handshakeTimeout}.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class TlsHandshakeTimeoutException extends SslException {
    public TlsHandshakeTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
