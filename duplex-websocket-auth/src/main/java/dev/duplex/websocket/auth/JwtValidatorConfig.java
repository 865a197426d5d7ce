package dev.duplex.websocket.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a bearer JWT (RFC 7519) is validated (the reference's {@code JwtValidatorConfig}). A token passes when it is a
 * JWS whose algorithm fits the {@link ValidatorSignatureConfig}, whose signature verifies, and whose claims match:
 * {@code exp} not passed and {@code nbf} reached (both give or take {@code clockSkew}), and {@code iss}, {@code aud},
 * {@code sub}, {@code jti}, {@code kid} and the custom claims equal to those configured. Unsigned tokens
 * ({@code alg: none}) and encrypted ones (JWE) are refused.
 *
 * <p>The principal's name is the {@code sub} claim (else {@code client_id}); its scopes come from the
 * {@code scopeKey} claim, a space-separated string or an array; its attributes are the token's claims.
 *
 * <p>Thread safety: immutable. Build with {@link #builder()} (the builder is not thread-safe).
 *
 * @param issuer                the required {@code iss}, or {@code null} for any
 * @param audience              the token's {@code aud} must hold one of these; empty (the default) for any
 * @param username              the required {@code sub}, or {@code null}
 * @param jwtId                 the required {@code jti}, or {@code null}
 * @param keyId                 the required {@code kid} header, or {@code null}
 * @param customClaims          claims that must have exactly these values; default none
 * @param clockSkew             how far clocks may disagree when checking {@code exp} and {@code nbf}; default 0
 * @param signatureConfig       how the signature is checked; required
 * @param scopeKey              the claim holding the scopes; default {@code "scope"} (some issuers use {@code scp})
 * @param cacheConfig           validated tokens remembered (until their {@code exp}); default
 *                              {@link CacheConfig#DISABLED}
 * @param tokenSources          where else than {@code Authorization: Bearer} the token may come from; default none
 *                              (see {@link BearerTokenSource} for the risks)
 * @param requireExpirationTime whether a token without {@code exp} is refused; default {@code true}, since such a
 *                              token would be valid forever
 * @param clock                 the time; default the system clock (tests pass a fixed or moving one)
 */
public record JwtValidatorConfig(String issuer, List<String> audience, String username, String jwtId, String keyId,
                                 Map<String, Object> customClaims, Duration clockSkew,
                                 ValidatorSignatureConfig signatureConfig, String scopeKey, CacheConfig cacheConfig,
                                 List<BearerTokenSource> tokenSources, boolean requireExpirationTime, Clock clock) {
    /** The default scope claim: {@code "scope"}. */
    public static final String DEFAULT_SCOPE_KEY = "scope";

    /**
     * Checks the values and copies the collections; prefer {@link #builder()}, which fills in the defaults.
     *
     * @param issuer                see {@link #issuer()}
     * @param audience              see {@link #audience()}
     * @param username              see {@link #username()}
     * @param jwtId                 see {@link #jwtId()}
     * @param keyId                 see {@link #keyId()}
     * @param customClaims          see {@link #customClaims()}
     * @param clockSkew             see {@link #clockSkew()}
     * @param signatureConfig       see {@link #signatureConfig()}
     * @param scopeKey              see {@link #scopeKey()}
     * @param cacheConfig           see {@link #cacheConfig()}
     * @param tokenSources          see {@link #tokenSources()}
     * @param requireExpirationTime see {@link #requireExpirationTime()}
     * @param clock                 see {@link #clock()}
     * @throws NullPointerException     when {@code signatureConfig}, a collection, {@code clockSkew},
     *                                  {@code scopeKey}, {@code cacheConfig} or {@code clock} is {@code null}
     * @throws IllegalArgumentException when {@code clockSkew} is negative or {@code scopeKey} is blank
     */
    public JwtValidatorConfig {
        audience = List.copyOf(Objects.requireNonNull(audience, "audience must not be null"));
        customClaims = Map.copyOf(Objects.requireNonNull(customClaims, "customClaims must not be null"));
        Objects.requireNonNull(clockSkew, "clockSkew must not be null");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew cannot be negative, was " + clockSkew);
        }
        Objects.requireNonNull(signatureConfig, "signatureConfig is required (jwks, certFile, trustStore or secret)");
        Objects.requireNonNull(scopeKey, "scopeKey must not be null");
        if (scopeKey.isBlank()) {
            throw new IllegalArgumentException("scopeKey must not be blank");
        }
        Objects.requireNonNull(cacheConfig, "cacheConfig must not be null");
        tokenSources = List.copyOf(Objects.requireNonNull(tokenSources, "tokenSources must not be null"));
        Objects.requireNonNull(clock, "clock must not be null");
    }

    /** {@return a builder holding the defaults; only the signature configuration must be set} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link JwtValidatorConfig}; only {@link #signatureConfig} is required.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
    public static final class Builder {
        private String issuer;
        private final List<String> audience = new ArrayList<>();
        private String username;
        private String jwtId;
        private String keyId;
        private final Map<String, Object> customClaims = new LinkedHashMap<>();
        private Duration clockSkew = Duration.ZERO;
        private ValidatorSignatureConfig signatureConfig;
        private String scopeKey = DEFAULT_SCOPE_KEY;
        private CacheConfig cacheConfig = CacheConfig.DISABLED;
        private final List<BearerTokenSource> tokenSources = new ArrayList<>();
        private boolean requireExpirationTime = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Requires this {@code iss}; default any.
         *
         * @param issuer the issuer, or {@code null} for any
         * @return this builder
         */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /**
         * Accepts tokens whose {@code aud} holds any of {@code audience} (added to those given before); default any
         * audience.
         *
         * @param audience the accepted audiences; no {@code null} entries
         * @return this builder
         */
        public Builder audience(String... audience) {
            this.audience.addAll(List.of(audience));
            return this;
        }

        /**
         * Requires this {@code sub}; default any.
         *
         * @param username the subject, or {@code null} for any
         * @return this builder
         */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * Requires this {@code jti}; default any.
         *
         * @param jwtId the id, or {@code null} for any
         * @return this builder
         */
        public Builder jwtId(String jwtId) {
            this.jwtId = jwtId;
            return this;
        }

        /**
         * Requires this {@code kid} header; default any.
         *
         * @param keyId the key id, or {@code null} for any
         * @return this builder
         */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /**
         * Requires a claim to have exactly this value (added to those given before); default none.
         *
         * @param name  the claim's name; not {@code null}
         * @param value the required value; not {@code null}
         * @return this builder
         */
        public Builder customClaim(String name, Object value) {
            customClaims.put(name, value);
            return this;
        }

        /**
         * Sets how far clocks may disagree when {@code exp} and {@code nbf} are checked; default 0.
         *
         * @param clockSkew the tolerance; not negative
         * @return this builder
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        /**
         * Sets how the signature is checked; required.
         *
         * @param signatureConfig the keys: a JWKS URL, a certificate, a trust store entry or a secret
         * @return this builder
         */
        public Builder signatureConfig(ValidatorSignatureConfig signatureConfig) {
            this.signatureConfig = signatureConfig;
            return this;
        }

        /**
         * Sets the claim holding the scopes; default {@link #DEFAULT_SCOPE_KEY} ({@code "scope"}).
         *
         * @param scopeKey the claim's name, e.g. {@code scp}; not blank
         * @return this builder
         */
        public Builder scopeKey(String scopeKey) {
            this.scopeKey = scopeKey;
            return this;
        }

        /**
         * Sets how many validated tokens are remembered (never past their {@code exp}); default
         * {@link CacheConfig#DISABLED}.
         *
         * @param cacheConfig the cache; not {@code null}
         * @return this builder
         */
        public Builder cacheConfig(CacheConfig cacheConfig) {
            this.cacheConfig = cacheConfig;
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
         * Sets whether a token without {@code exp} is refused; default {@code true}, since such a token would be
         * valid forever.
         *
         * @param requireExpirationTime {@code false} accepts tokens without {@code exp}
         * @return this builder
         */
        public Builder requireExpirationTime(boolean requireExpirationTime) {
            this.requireExpirationTime = requireExpirationTime;
            return this;
        }

        /**
         * Sets the time {@code exp} and {@code nbf} are checked against; default the system clock.
         *
         * @param clock the clock; not {@code null}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the configuration, checking the values.
         *
         * @return the configuration
         * @throws NullPointerException     when no signature configuration was set, or a value was set to
         *                                  {@code null}
         * @throws IllegalArgumentException when {@code clockSkew} is negative or {@code scopeKey} is blank
         */
        public JwtValidatorConfig build() {
            return new JwtValidatorConfig(issuer, audience, username, jwtId, keyId, customClaims, clockSkew,
                    signatureConfig, scopeKey, cacheConfig, tokenSources, requireExpirationTime, clock);
        }
    }
}
