package dev.duplex.websocket;

/**
 * The TLS handshake failed because the peer's certificate is revoked, or its revocation status could not
 * be found ({@code CertValidation}).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class RevokedCertificateException extends SslException {
    public RevokedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
