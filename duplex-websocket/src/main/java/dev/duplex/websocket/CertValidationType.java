package dev.duplex.websocket;

/**
 * How certificate revocation is checked; see {@link CertValidation}.
 *
 * <p>Thread safety: immutable.
 */
public enum CertValidationType {
    /**
     * The peer's certificate is checked against the issuing CA: by OCSP at the responder named in the certificate,
     * falling back to the CRL at its distribution point.
     */
    OCSP_CRL,
    /**
     * On a client, as {@link #OCSP_CRL}, but an OCSP response the server staples in the handshake is used first, and
     * the server is asked for one. On a listener, the listener staples the OCSP response for its own certificate,
     * fetched from the responder the certificate names and kept for {@link CertValidation#cacheValidityPeriod()} (or
     * until the response's next update, if sooner); with {@link MutualSsl} it also checks client certificates as
     * {@link #OCSP_CRL} does. The OpenSSL engine staples what the listener fetches; the JDK engine staples by itself,
     * and only when the JVM runs with {@code -Djdk.tls.server.enableStatusRequestExtension=true} (docs/tls.md).
     */
    OCSP_STAPLING
}
