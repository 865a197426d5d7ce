package dev.duplex.websocket;

/**
 * The TLS handshake failed because the server's certificate is not for the host connected to (hostname
 * verification, {@code ClientSecureSocket.verifyHostName}).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class HostnameMismatchException extends SslException {
    public HostnameMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
