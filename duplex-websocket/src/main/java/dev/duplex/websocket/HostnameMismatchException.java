package dev.duplex.websocket;

/**
 * The TLS handshake failed because the server's certificate is not for the host connected to (hostname
 * verification, {@code ClientSecureSocket.verifyHostName}).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class HostnameMismatchException extends SslException {
    /**
     * A TLS handshake failure of this kind.
     *
     * @param message what failed, naming the certificate or setting
     * @param cause   the TLS engine's failure
     */
    public HostnameMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
