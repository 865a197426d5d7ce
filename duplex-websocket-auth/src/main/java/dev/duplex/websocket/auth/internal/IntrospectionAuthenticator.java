package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.auth.OAuth2IntrospectionConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bearer token authentication by RFC 7662 introspection, with a cache of active answers.
 *
 * <p>Thread safety: safe for concurrent upgrades; two upgrades with the same uncached token may both ask the
 * endpoint (harmless, and cheaper than making one wait for the other).
 */
public final class IntrospectionAuthenticator implements Authenticator {
    private final OAuth2IntrospectionConfig config;
    private final HttpCalls http;
    private final ExpiringCache<String, AuthenticatedPrincipal> cache;

    public IntrospectionAuthenticator(OAuth2IntrospectionConfig config) {
        this.config = config;
        this.http = new HttpCalls(config.clientConfig());
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
        Map<String, Object> answer = introspect(token);
        Instant now = config.clock().instant();
        if (!Boolean.TRUE.equals(answer.get("active"))) {
            throw new AuthenticationException("token is not active (introspection at " + config.url() + ")");
        }
        Instant expiresAt = null;
        if (answer.get("exp") instanceof Number exp) {
            expiresAt = Instant.ofEpochSecond(exp.longValue());
            if (!now.isBefore(expiresAt)) {
                throw new AuthenticationException("token expired at " + expiresAt + " (introspection at "
                        + config.url() + ", now " + now + ")");
            }
        }
        AuthenticatedPrincipal principal = Principals.fromClaims(answer, config.scopeKey(), "oauth2-introspection");
        Instant until = expiresAt != null ? expiresAt : now.plus(config.defaultTokenExpTime());
        Instant cap = now.plus(config.cacheConfig().maxAge());
        cache.put(token, principal, until.isBefore(cap) ? until : cap);
        return principal;
    }

    private Map<String, Object> introspect(String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        if (config.tokenTypeHint() != null) {
            form.put("token_type_hint", config.tokenTypeHint());
        }
        form.putAll(config.optionalParams());
        HttpCalls.Response response;
        try {
            response = http.postForm(config.url(), form, null);
        } catch (IOException | WebSocketException e) {
            throw Unavailable.because("introspection at " + config.url() + " failed: " + e.getMessage(), e);
        }
        if (!response.isSuccess()) {
            throw Unavailable.because("introspection at " + config.url() + " answered HTTP " + response.status()
                    + ": " + Json.abbreviate(response.body()), null);
        }
        try {
            return Json.object(response.body(), "the introspection answer of " + config.url());
        } catch (IllegalArgumentException e) {
            throw Unavailable.because(e.getMessage(), e);
        }
    }

    @Override
    public String challenge() {
        return "Bearer";
    }
}
