package dev.duplex.websocket;

/**
 * A PEM file of trusted certificates (certificate authorities, or the peer's own self-signed certificate).
 *
 * <p>Checked when constructed: a blank location fails with the reference implementation's message.
 *
 * <p>Thread safety: immutable.
 *
 * @param certFile path of the PEM file; every certificate in it is trusted
 */
public record TrustedCertificates(String certFile) implements TrustMaterial {
    /**
     * A PEM file of trusted certificates; it is read when the listener or client is constructed.
     *
     * @param certFile path of the PEM file; not blank
     * @throws SslException when {@code certFile} is {@code null} or blank
     */
    public TrustedCertificates {
        if (certFile == null || certFile.isBlank()) {
            throw new SslException("Certificate file location must be provided for secure connection"
                    + " (TrustedCertificates.certFile)");
        }
    }
}
