package dev.duplex.websocket;

import java.util.Objects;

/**
 * Client certificate verification on a listener (mutual TLS). The verified chain of each client is available to the
 * upgrade service ({@link UpgradeRequest#peerCertificates()}) and to the service ({@link Caller#getPeerCertificates()}).
 *
 * <p>Thread safety: immutable.
 *
 * @param verifyClient whether a client certificate is required; default {@link VerifyClient#REQUIRE}
 * @param cert         the certificates client certificates must chain to
 */
public record MutualSsl(VerifyClient verifyClient, TrustMaterial cert) {
    /**
     * Client certificate verification.
     *
     * @param verifyClient whether a client certificate is required; not {@code null}
     * @param cert         the certificates client certificates must chain to; not {@code null}
     * @throws SslException         when {@code cert} is {@code null}
     * @throws NullPointerException when {@code verifyClient} is {@code null}
     */
    public MutualSsl {
        Objects.requireNonNull(verifyClient, "verifyClient must not be null");
        if (cert == null) {
            throw new SslException("Certificate file location must be provided for secure connection"
                    + " (MutualSsl.cert)");
        }
    }

    /**
     * Requires a client certificate that chains to {@code cert} ({@link VerifyClient#REQUIRE}).
     *
     * @param cert the certificates client certificates must chain to; not {@code null}
     * @throws SslException when {@code cert} is {@code null}
     */
    public MutualSsl(TrustMaterial cert) {
        this(VerifyClient.REQUIRE, cert);
    }
}
