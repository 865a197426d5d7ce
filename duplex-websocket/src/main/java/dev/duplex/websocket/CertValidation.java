package dev.duplex.websocket;

import java.time.Duration;
import java.util.Objects;

/**
 * Revocation checking of the peer's certificate: a listener checks client certificates (with {@link MutualSsl}), a
 * client checks the server's. A certificate that is revoked, or whose status cannot be found, fails the handshake
 * ({@link RevokedCertificateException} on a client). Answers are cached per end-entity certificate, by each listener
 * (across its connections; a reload starts afresh) and by each client (across its reconnections); the least recently
 * used answer is dropped when {@code cacheSize} are held. With {@link CertValidationType#OCSP_STAPLING}, a listener
 * also staples the OCSP response for its own certificate, kept for {@code cacheValidityPeriod}.
 *
 * <p>Thread safety: immutable.
 *
 * @param type                how revocation is checked
 * @param cacheSize           how many answers (per certificate) are kept; at least 1
 * @param cacheValidityPeriod how long an answer is kept before it is asked again; positive
 */
public record CertValidation(CertValidationType type, int cacheSize, Duration cacheValidityPeriod) {
    /**
     * Revocation checking.
     *
     * @param type                how revocation is checked; not {@code null}
     * @param cacheSize           how many answers are kept; at least 1
     * @param cacheValidityPeriod how long an answer is kept; positive
     * @throws SslException         when {@code cacheSize} is under 1 or {@code cacheValidityPeriod} is not positive
     * @throws NullPointerException when {@code type} or {@code cacheValidityPeriod} is {@code null}
     */
    public CertValidation {
        Objects.requireNonNull(type, "type must not be null");
        if (cacheSize < 1) {
            throw new SslException("CertValidation.cacheSize must be at least 1, was " + cacheSize);
        }
        Objects.requireNonNull(cacheValidityPeriod, "cacheValidityPeriod must not be null");
        if (cacheValidityPeriod.isNegative() || cacheValidityPeriod.isZero()) {
            throw new SslException("CertValidation.cacheValidityPeriod must be positive, was " + cacheValidityPeriod);
        }
    }
}
