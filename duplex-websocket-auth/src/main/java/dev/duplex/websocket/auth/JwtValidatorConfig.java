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
 * <p>Thread safety: immutable. Build with {@link #builder()}.
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

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link JwtValidatorConfig}; only {@link #signatureConfig} is required. */
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

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Accepts tokens whose {@code aud} holds any of {@code audience}. */
        public Builder audience(String... audience) {
            this.audience.addAll(List.of(audience));
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder jwtId(String jwtId) {
            this.jwtId = jwtId;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder customClaim(String name, Object value) {
            customClaims.put(name, value);
            return this;
        }

        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        public Builder signatureConfig(ValidatorSignatureConfig signatureConfig) {
            this.signatureConfig = signatureConfig;
            return this;
        }

        public Builder scopeKey(String scopeKey) {
            this.scopeKey = scopeKey;
            return this;
        }

        public Builder cacheConfig(CacheConfig cacheConfig) {
            this.cacheConfig = cacheConfig;
            return this;
        }

        /** Also accepts the token from {@code source} (after the {@code Authorization} header); see the risks. */
        public Builder tokenSource(BearerTokenSource source) {
            tokenSources.add(source);
            return this;
        }

        public Builder requireExpirationTime(boolean requireExpirationTime) {
            this.requireExpirationTime = requireExpirationTime;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public JwtValidatorConfig build() {
            return new JwtValidatorConfig(issuer, audience, username, jwtId, keyId, customClaims, clockSkew,
                    signatureConfig, scopeKey, cacheConfig, tokenSources, requireExpirationTime, clock);
        }
    }
}
