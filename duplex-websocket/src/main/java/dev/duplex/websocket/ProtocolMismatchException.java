package dev.duplex.websocket;

/**
 * The TLS handshake failed because the two ends have no TLS version (or no cipher suite) in common
 * ({@code Protocol.versions}, {@code ciphers}).
 *
 * <p>Thread safety: immutable once thrown.
 */
public class ProtocolMismatchException extends SslException {
    public ProtocolMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
