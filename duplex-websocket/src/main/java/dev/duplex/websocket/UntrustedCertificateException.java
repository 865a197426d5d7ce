package dev.duplex.websocket;

/**
 * The TLS handshake failed because the peer's certificate does not chain to a trusted certificate
 * ({@code ClientSecureSocket.cert}, {@code MutualSsl.cert}, or the JDK's default trust).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class UntrustedCertificateException extends SslException {
    /**
     * A TLS handshake failure of this kind.
     *
     * @param message what failed, naming the certificate or setting
     * @param cause   the TLS engine's failure
     */
    public UntrustedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
