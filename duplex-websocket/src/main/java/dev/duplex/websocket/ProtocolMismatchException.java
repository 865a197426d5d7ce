package dev.duplex.websocket;

/**
 * The TLS handshake failed because the two ends have no TLS version (or no cipher suite) in common
 * ({@code Protocol.versions}, {@code ciphers}).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class ProtocolMismatchException extends SslException {
    /**
     * A TLS handshake failure of this kind.
     *
     * @param message what failed, naming the certificate or setting
     * @param cause   the TLS engine's failure
     */
    public ProtocolMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
