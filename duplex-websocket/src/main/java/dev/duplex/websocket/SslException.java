package dev.duplex.websocket;

/**
 * A TLS failure: configuration that cannot be used (blank or unreadable files, a key that does not match its
 * certificate, no usable cipher suite), or a handshake that failed. Handshake failures with a known cause are the
 * subclasses: {@link UntrustedCertificateException}, {@link HostnameMismatchException},
 * {@link ProtocolMismatchException}, {@link ExpiredCertificateException}, {@link NotYetValidCertificateException},
 * {@link RevokedCertificateException}, {@link CertificateRejectedException}, {@link TlsHandshakeTimeoutException}.
 * The spec's {@code SslError}.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class SslException extends WebSocketException {
    /**
     * A TLS configuration or handshake failure.
     *
     * @param message what cannot be used or what failed, naming the setting
     */
    public SslException(String message) {
        super(message);
    }

    /**
     * A TLS failure with its cause.
     *
     * @param message what failed
     * @param cause   the TLS engine's or file reader's failure
     */
    public SslException(String message, Throwable cause) {
        super(message, cause);
    }
}
