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
     * As {@link #OCSP_CRL}, but an OCSP response stapled by the server in the handshake is used first (a client that
     * uses the JDK engine asks for one). A listener does not staple responses yet; on a listener this type checks
     * client certificates as {@link #OCSP_CRL} does.
     */
    OCSP_STAPLING
}
