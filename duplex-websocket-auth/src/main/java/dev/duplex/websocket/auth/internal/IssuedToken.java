package dev.duplex.websocket.auth.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * A token a client obtained: its value, when it was obtained and when it expires, and the refresh token that came
 * with it, if any.
 */
public record IssuedToken(String accessToken, Instant issuedAt, Instant expiresAt, String refreshToken) {
    @Override
    public String toString() {
        return "IssuedToken[issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + ", refreshToken="
                + (refreshToken == null ? "none" : "****") + "]";
    }

    /**
     * Whether the token should be replaced before use at {@code now}: once less than a tenth of its lifetime is
     * left, counting {@code clockSkew} as already gone, so the server never sees it expired during the handshake.
     */
    public boolean needsRenewal(Instant now, Duration clockSkew) {
        Duration lifetime = Duration.between(issuedAt, expiresAt);
        Instant renewAt = expiresAt.minus(lifetime.dividedBy(10)).minus(clockSkew);
        return !now.isBefore(renewAt);
    }
}
