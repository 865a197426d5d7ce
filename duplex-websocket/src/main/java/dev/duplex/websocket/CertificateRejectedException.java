package dev.duplex.websocket;

/**
 * The TLS handshake failed because the peer rejected this end's certificate, or its lack of one (a listener
 * that requires client certificates, {@code ClientSecureSocket.key}).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class CertificateRejectedException extends SslException {
    /**
     * A TLS handshake failure of this kind.
     *
     * @param message what failed, naming the certificate or setting
     * @param cause   the TLS engine's failure
     */
    public CertificateRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
