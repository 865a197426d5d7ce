package dev.duplex.websocket;

/**
 * The TLS handshake did not complete within {@code handshakeTimeout}.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class TlsHandshakeTimeoutException extends SslException {
    /**
     * A TLS handshake failure of this kind.
     *
     * @param message what failed, naming the certificate or setting
     * @param cause   the TLS engine's failure
     */
    public TlsHandshakeTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
