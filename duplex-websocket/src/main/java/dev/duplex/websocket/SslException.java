package dev.duplex.websocket;

/** A TLS failure: configuration that cannot be used, or a handshake that failed (untrusted or expired certificate, hostname mismatch, no common protocol). The spec's {@code SslError}. */
public class SslException extends WebSocketException {
    public SslException(String message) {
        super(message);
    }

    public SslException(String message, Throwable cause) {
        super(message, cause);
    }
}
