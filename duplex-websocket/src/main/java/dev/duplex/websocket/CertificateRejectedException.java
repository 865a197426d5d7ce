package dev.duplex.websocket;

/**
 * The TLS handshake failed because the peer rejected this end's certificate, or its lack of one (a listener
 * that requires client certificates, {@code ClientSecureSocket.key}).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class CertificateRejectedException extends SslException {
    public CertificateRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
