package dev.duplex.websocket;

/**
 * The TLS handshake failed because the peer's certificate does not chain to a trusted certificate
 * ({@code ClientSecureSocket.cert}, {@code MutualSsl.cert}, or the JDK's default trust).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class UntrustedCertificateException extends SslException {
    public UntrustedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
