package dev.duplex.websocket.auth.internal;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.auth.JwtValidatorConfig;
import java.time.Instant;

/**
 * Bearer JWT authentication: finds the token, validates it (or finds it in the cache of validated tokens), and
 * makes the principal from its claims.
 *
 * <p>Thread safety: safe for concurrent upgrades (the verifier and the cache are).
 */
public final class JwtAuthenticator implements Authenticator {
    private final JwtValidatorConfig config;
    private final JwtVerifier verifier;
    private final ExpiringCache<String, AuthenticatedPrincipal> cache;

    public JwtAuthenticator(JwtValidatorConfig config) {
        this.config = config;
        this.verifier = new JwtVerifier(config);
        this.cache = new ExpiringCache<>(config.cacheConfig().capacity(), config.clock());
    }

    @Override
    public AuthenticatedPrincipal authenticate(UpgradeRequest request) {
        String token = BearerTokens.find(request, config.tokenSources());
        if (token == null) {
            return null;
        }
        AuthenticatedPrincipal cached = cache.get(token);
        if (cached != null) {
            return cached;
        }
        JWTClaimsSet claims = verifier.verify(token);
        AuthenticatedPrincipal principal = Principals.fromClaims(claims.toJSONObject(), config.scopeKey(), "jwt");
        if (config.cacheConfig().enabled()) {
            Instant until = config.clock().instant().plus(config.cacheConfig().maxAge());
            if (claims.getExpirationTime() != null && claims.getExpirationTime().toInstant().isBefore(until)) {
                until = claims.getExpirationTime().toInstant();
            }
            cache.put(token, principal, until);
        }
        return principal;
    }

    @Override
    public String challenge() {
        return "Bearer";
    }
}
