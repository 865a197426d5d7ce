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
 * <p>When the call fails (unreachable, an HTTP error, an answer that is not JSON), the upgrade is refused with 503.
 *
 * <p>Thread safety: immutable. Build with {@link #builder(String)} (the builder is not thread-safe).
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
    /**
     * Checks the values and copies the collections; prefer {@link #builder(String)}, which fills in the defaults.
     *
     * @param url                 see {@link #url()}
     * @param tokenTypeHint       see {@link #tokenTypeHint()}
     * @param optionalParams      see {@link #optionalParams()}
     * @param cacheConfig         see {@link #cacheConfig()}
     * @param defaultTokenExpTime see {@link #defaultTokenExpTime()}
     * @param clientConfig        see {@link #clientConfig()}
     * @param scopeKey            see {@link #scopeKey()}
     * @param tokenSources        see {@link #tokenSources()}
     * @param clock               see {@link #clock()}
     * @throws IllegalArgumentException when {@code url} is not {@code http} or {@code https},
     *                                  {@code defaultTokenExpTime} is not positive or {@code scopeKey} is blank
     * @throws NullPointerException     when a value other than {@code tokenTypeHint} is {@code null}
     */
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

    /**
     * A builder for the endpoint {@code url}, holding the defaults.
     *
     * @param url the introspection endpoint, {@code http} or {@code https}
     * @return the builder
     * @throws IllegalArgumentException when {@code url} is not a URI ({@link Builder#build()} refuses other schemes)
     */
    public static Builder builder(String url) {
        return new Builder(URI.create(url));
    }

    /**
     * Builds an {@link OAuth2IntrospectionConfig}; every setter is optional.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
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

        /**
         * Sets the {@code token_type_hint} sent with each call; default none.
         *
         * @param tokenTypeHint e.g. {@code access_token}, or {@code null} for none
         * @return this builder
         */
        public Builder tokenTypeHint(String tokenTypeHint) {
            this.tokenTypeHint = tokenTypeHint;
            return this;
        }

        /**
         * Adds a form parameter sent with each call (or replaces one of that name added before).
         *
         * @param name  the parameter's name; not {@code null}
         * @param value its value; not {@code null}
         * @return this builder
         */
        public Builder optionalParam(String name, String value) {
            optionalParams.put(name, value);
            return this;
        }

        /**
         * Sets how many active answers are remembered, and for how long at most; default {@link CacheConfig#DEFAULT}.
         * {@link CacheConfig#DISABLED} asks at every upgrade.
         *
         * @param cacheConfig the cache; not {@code null}
         * @return this builder
         */
        public Builder cacheConfig(CacheConfig cacheConfig) {
            this.cacheConfig = cacheConfig;
            return this;
        }

        /**
         * Sets how long an active answer without {@code exp} is cached; default 1 hour.
         *
         * @param defaultTokenExpTime the time; positive
         * @return this builder
         */
        public Builder defaultTokenExpTime(Duration defaultTokenExpTime) {
            this.defaultTokenExpTime = defaultTokenExpTime;
            return this;
        }

        /**
         * Sets TLS, timeouts and the listener's own credentials for the call; default {@link HttpClientConfig#DEFAULT}
         * (no credentials, which most servers refuse).
         *
         * @param clientConfig the settings; not {@code null}
         * @return this builder
         */
        public Builder clientConfig(HttpClientConfig clientConfig) {
            this.clientConfig = clientConfig;
            return this;
        }

        /**
         * Sets the answer's field holding the scopes; default {@code "scope"}.
         *
         * @param scopeKey the field's name; not blank
         * @return this builder
         */
        public Builder scopeKey(String scopeKey) {
            this.scopeKey = scopeKey;
            return this;
        }

        /**
         * Also accepts the token from {@code source}, tried after the {@code Authorization} header and the sources
         * added before; see {@link BearerTokenSource} for the risks. Default none.
         *
         * @param source where else the token may be
         * @return this builder
         */
        public Builder tokenSource(BearerTokenSource source) {
            tokenSources.add(source);
            return this;
        }

        /**
         * Sets the time {@code exp} is checked against and cache entries expire by; default the system clock.
         *
         * @param clock the clock; not {@code null}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the configuration, checking the values; nothing is called yet.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a value is invalid (see the record's constructor)
         * @throws NullPointerException     when a value was set to {@code null}
         */
        public OAuth2IntrospectionConfig build() {
            return new OAuth2IntrospectionConfig(url, tokenTypeHint, optionalParams, cacheConfig, defaultTokenExpTime,
                    clientConfig, scopeKey, tokenSources, clock);
        }
    }
}
