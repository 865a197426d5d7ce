package dev.duplex.websocket;

/**
 * The TLS handshake failed because a certificate of the peer's chain is not valid yet.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class NotYetValidCertificateException extends SslException {
    public NotYetValidCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
