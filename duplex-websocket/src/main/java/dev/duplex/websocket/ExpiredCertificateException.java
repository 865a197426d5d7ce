package dev.duplex.websocket;

/**
 * The TLS handshake failed because a certificate of the peer's chain has expired.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class ExpiredCertificateException extends SslException {
    public ExpiredCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
