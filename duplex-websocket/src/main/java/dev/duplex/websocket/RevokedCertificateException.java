package dev.duplex.websocket;

/**
 * The TLS handshake failed because the peer's certificate is revoked, or its revocation status could not
 * be found ({@code CertValidation}).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class RevokedCertificateException extends SslException {
    /**
     * A TLS handshake failure of this kind.
     *
     * @param message what failed, naming the certificate or setting
     * @param cause   the TLS engine's failure
     */
    public RevokedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
