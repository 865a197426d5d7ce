package dev.duplex.websocket;

/**
 * The TLS handshake failed because a certificate of the peer's chain is not valid yet.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class NotYetValidCertificateException extends SslException {
    /**
     * A TLS handshake failure of this kind.
     *
     * @param message what failed, naming the certificate or setting
     * @param cause   the TLS engine's failure
     */
    public NotYetValidCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
