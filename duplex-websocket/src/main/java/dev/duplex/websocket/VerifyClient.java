package dev.duplex.websocket;

/**
 * Whether a listener with {@link MutualSsl} demands a client certificate.
 *
 * <p>Thread safety: immutable.
 */
public enum VerifyClient {
    /** A client without a certificate the listener trusts cannot connect (the TLS handshake fails). */
    REQUIRE,
    /**
     * A client may connect without a certificate; one that presents a certificate must present a trusted one. The
     * upgrade service sees the verified chain in {@link UpgradeRequest#peerCertificates()} (empty without one).
     */
    OPTIONAL
}
