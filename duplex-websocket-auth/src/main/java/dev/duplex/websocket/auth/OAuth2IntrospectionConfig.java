package dev.duplex.websocket.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an opaque (or any) bearer token is checked by asking the authorization server (OAuth 2.0 Token
 * Introspection, RFC 7662; the reference's {@code OAuth2IntrospectionConfig}). The listener POSTs
 * {@code token=…&token_type_hint=…} plus the optional parameters to {@code url}, authenticating itself as
 * {@code clientConfig.auth} says (RFC 7662 §2.1 requires some authentication), and accepts the token when the
 * answer says {@code "active": true} and its {@code exp}, if any, has not passed.
 *
 * <p>Active answers are cached (by default): until the answer's {@code exp}, or for {@code defaultTokenExpTime}
 * when it has none, and never longer than {@code cacheConfig.maxAge}. Inactive answers are not cached.
 *
 * <p>The principal's name is {@code sub} (else {@code username}, else {@code client_id}); its scopes come from
 * {@code scopeKey}; its attributes are the answer's fields.
 *
 * <p>Thread safety: immutable. Build with {@link #builder(String)}.
 *
 * @param url                 the introspection endpoint; required
 * @param tokenTypeHint       sent as {@code token_type_hint}, e.g. {@code access_token}, or {@code null}
 * @param optionalParams      further form parameters; default none
 * @param cacheConfig         active answers remembered; default {@link CacheConfig#DEFAULT}
 * @param defaultTokenExpTime how long an active answer without {@code exp} is cached; default 1 hour
 * @param clientConfig        TLS, timeouts and the listener's own credentials for the call
 * @param scopeKey            the field holding the scopes; default {@code "scope"}
 * @param tokenSources        where else than {@code Authorization: Bearer} the token may come from; default none
 * @param clock               the time; default the system clock
 */
public record OAuth2IntrospectionConfig(URI url, String tokenTypeHint, Map<String, String> optionalParams,
                                        CacheConfig cacheConfig, Duration defaultTokenExpTime,
                                        HttpClientConfig clientConfig, String scopeKey,
                                        List<BearerTokenSource> tokenSources, Clock clock) {
    public OAuth2IntrospectionConfig {
        Objects.requireNonNull(url, "url must not be null");
        if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("introspection url must be http or https, was " + url);
        }
        optionalParams = Map.copyOf(Objects.requireNonNull(optionalParams, "optionalParams must not be null"));
        Objects.requireNonNull(cacheConfig, "cacheConfig must not be null");
        Objects.requireNonNull(defaultTokenExpTime, "defaultTokenExpTime must not be null");
        if (defaultTokenExpTime.isNegative() || defaultTokenExpTime.isZero()) {
            throw new IllegalArgumentException("defaultTokenExpTime must be positive, was " + defaultTokenExpTime);
        }
        Objects.requireNonNull(clientConfig, "clientConfig must not be null");
        Objects.requireNonNull(scopeKey, "scopeKey must not be null");
        if (scopeKey.isBlank()) {
            throw new IllegalArgumentException("scopeKey must not be blank");
        }
        tokenSources = List.copyOf(Objects.requireNonNull(tokenSources, "tokenSources must not be null"));
        Objects.requireNonNull(clock, "clock must not be null");
    }

    /** A builder for the endpoint {@code url}. */
    public static Builder builder(String url) {
        return new Builder(URI.create(url));
    }

    /** Builds an {@link OAuth2IntrospectionConfig}. */
    public static final class Builder {
        private final URI url;
        private String tokenTypeHint;
        private final Map<String, String> optionalParams = new LinkedHashMap<>();
        private CacheConfig cacheConfig = CacheConfig.DEFAULT;
        private Duration defaultTokenExpTime = Duration.ofHours(1);
        private HttpClientConfig clientConfig = HttpClientConfig.DEFAULT;
        private String scopeKey = JwtValidatorConfig.DEFAULT_SCOPE_KEY;
        private final List<BearerTokenSource> tokenSources = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder(URI url) {
            this.url = url;
        }

        public Builder tokenTypeHint(String tokenTypeHint) {
            this.tokenTypeHint = tokenTypeHint;
            return this;
        }

        public Builder optionalParam(String name, String value) {
            optionalParams.put(name, value);
            return this;
        }

        public Builder cacheConfig(CacheConfig cacheConfig) {
            this.cacheConfig = cacheConfig;
            return this;
        }

        public Builder defaultTokenExpTime(Duration defaultTokenExpTime) {
            this.defaultTokenExpTime = defaultTokenExpTime;
            return this;
        }

        public Builder clientConfig(HttpClientConfig clientConfig) {
            this.clientConfig = clientConfig;
            return this;
        }

        public Builder scopeKey(String scopeKey) {
            this.scopeKey = scopeKey;
            return this;
        }

        /** Also accepts the token from {@code source} (after the {@code Authorization} header); see the risks. */
        public Builder tokenSource(BearerTokenSource source) {
            tokenSources.add(source);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public OAuth2IntrospectionConfig build() {
            return new OAuth2IntrospectionConfig(url, tokenTypeHint, optionalParams, cacheConfig, defaultTokenExpTime,
                    clientConfig, scopeKey, tokenSources, clock);
        }
    }
}
