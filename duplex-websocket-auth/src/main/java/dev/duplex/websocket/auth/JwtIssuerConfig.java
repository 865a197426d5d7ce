package dev.duplex.websocket.auth;

import dev.duplex.websocket.ClientAuthConfig;
import dev.duplex.websocket.auth.internal.IssuedToken;
import dev.duplex.websocket.auth.internal.JwtSigner;
import dev.duplex.websocket.auth.internal.RenewingToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client that signs its own JWT (spec §5.2, {@code JwtIssuerConfig}): every upgrade request carries
 * {@code Authorization: Bearer <jwt>}. The token holds {@code iss}, {@code sub} ({@code username}), {@code aud},
 * {@code jti} (the configured one, else a random UUID per token), {@code iat}, {@code nbf}, {@code exp} = now +
 * {@code expTime}, and the custom claims (which cannot replace the registered ones that are set); its header names
 * the algorithm, {@code typ: JWT} and {@code kid}. The reference signs one token when the client starts; this one
 * keeps the token and signs a new one once less than a tenth of {@code expTime} is left, so a client that reconnects
 * later still presents a valid token.
 *
 * <p>Thread safety: safe for concurrent connects; one token is signed at a time. Build with
 * {@link #builder(IssuerSignatureConfig)} (the builder is not thread-safe).
 */
public final class JwtIssuerConfig implements ClientAuthConfig {
    private final String issuer;
    private final String username;
    private final List<String> audience;
    private final String jwtId;
    private final String keyId;
    private final Map<String, Object> customClaims;
    private final Duration expTime;
    private final IssuerSignatureConfig signatureConfig;
    private final Clock clock;
    private final JwtSigner signer;
    private final RenewingToken token;

    private JwtIssuerConfig(Builder builder) {
        this.issuer = builder.issuer;
        this.username = builder.username;
        this.audience = List.copyOf(builder.audience);
        this.jwtId = builder.jwtId;
        this.keyId = builder.keyId;
        this.customClaims = Map.copyOf(builder.customClaims);
        this.expTime = Objects.requireNonNull(builder.expTime, "expTime must not be null");
        if (expTime.isNegative() || expTime.isZero()) {
            throw new IllegalArgumentException("expTime must be positive, was " + expTime);
        }
        this.signatureConfig = Objects.requireNonNull(builder.signatureConfig, "signatureConfig must not be null");
        this.clock = Objects.requireNonNull(builder.clock, "clock must not be null");
        this.signer = new JwtSigner(signatureConfig);
        this.token = new RenewingToken(previous -> issue(), clock, Duration.ZERO);
    }

    /**
     * A builder signing with {@code signatureConfig}; every claim is optional.
     *
     * @param signatureConfig the algorithm and key; not {@code null} (checked by {@link Builder#build()})
     * @return the builder
     */
    public static Builder builder(IssuerSignatureConfig signatureConfig) {
        return new Builder(signatureConfig);
    }

    /**
     * Signs a new token now, whatever the cached one; the cached one is not replaced. Used for the assertions of
     * {@link OAuth2JwtBearerGrantConfig}.
     *
     * @return the compact JWS
     * @throws dev.duplex.websocket.AuthenticationException when the signature cannot be made
     */
    public String issueToken() {
        return issue().accessToken();
    }

    private IssuedToken issue() {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(expTime);
        String jwt = signer.sign(new JwtSigner.Claims(issuer, username, audience, jwtId, keyId, customClaims, now,
                expiresAt));
        return new IssuedToken(jwt, now, expiresAt, null);
    }

    /**
     * {@return {@code "Bearer "} followed by the kept token, signed anew first when less than a tenth of
     * {@code expTime} is left}
     */
    @Override
    public String authorizationHeader() {
        return "Bearer " + token.accessToken();
    }

    /** {@return the {@code iss} claim, or {@code null} for none} */
    public String issuer() {
        return issuer;
    }

    /** {@return the {@code sub} claim, or {@code null} for none} */
    public String username() {
        return username;
    }

    /** {@return the {@code aud} claim's values; empty for none} */
    public List<String> audience() {
        return audience;
    }

    /** {@return the {@code jti} claim, or {@code null} for a random UUID per token} */
    public String jwtId() {
        return jwtId;
    }

    /** {@return the {@code kid} header, or {@code null} for none} */
    public String keyId() {
        return keyId;
    }

    /** {@return the further claims, by name; read-only} */
    public Map<String, Object> customClaims() {
        return customClaims;
    }

    /** {@return how long each token is valid; default 300 s} */
    public Duration expTime() {
        return expTime;
    }

    /** {@return the algorithm and key} */
    public IssuerSignatureConfig signatureConfig() {
        return signatureConfig;
    }

    /** {@return every setting, with the claim values and the key hidden} */
    @Override
    public String toString() {
        return "JwtIssuerConfig[issuer=" + issuer + ", username=" + username + ", audience=" + audience
                + ", jwtId=" + jwtId + ", keyId=" + keyId + ", customClaims=" + customClaims.keySet()
                + ", expTime=" + expTime + ", signatureConfig=" + signatureConfig + "]";
    }

    /**
     * Builds a {@link JwtIssuerConfig}; every claim is optional.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
    public static final class Builder {
        private String issuer;
        private String username;
        private final List<String> audience = new ArrayList<>();
        private String jwtId;
        private String keyId;
        private final Map<String, Object> customClaims = new LinkedHashMap<>();
        private Duration expTime = Duration.ofSeconds(300);
        private final IssuerSignatureConfig signatureConfig;
        private Clock clock = Clock.systemUTC();

        private Builder(IssuerSignatureConfig signatureConfig) {
            this.signatureConfig = signatureConfig;
        }

        /**
         * Sets the {@code iss} claim; default none.
         *
         * @param issuer the issuer, or {@code null} for none
         * @return this builder
         */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /**
         * Sets the {@code sub} claim; default none.
         *
         * @param username the subject, or {@code null} for none
         * @return this builder
         */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * Adds values to the {@code aud} claim; default none.
         *
         * @param audience the audiences; no {@code null} entries
         * @return this builder
         */
        public Builder audience(String... audience) {
            this.audience.addAll(List.of(audience));
            return this;
        }

        /**
         * Sets a fixed {@code jti} claim; default a random UUID per token (better: a listener may refuse replays).
         *
         * @param jwtId the id, or {@code null} for a random one per token
         * @return this builder
         */
        public Builder jwtId(String jwtId) {
            this.jwtId = jwtId;
            return this;
        }

        /**
         * Sets the {@code kid} header, which tells the listener which of its keys to verify with; default none.
         *
         * @param keyId the key id, or {@code null} for none
         * @return this builder
         */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /**
         * Adds a claim (or replaces one of that name added before). A custom {@code iat}, {@code nbf}, {@code exp}
         * or {@code jti} is overwritten by the registered claim; a custom {@code iss}, {@code sub} or {@code aud} is
         * overwritten when that claim is configured, and sent as given otherwise.
         *
         * @param name  the claim's name; not {@code null}
         * @param value the claim's value, anything JSON can hold; not {@code null}
         * @return this builder
         */
        public Builder customClaim(String name, Object value) {
            customClaims.put(name, value);
            return this;
        }

        /**
         * Sets how long each token is valid; default 300 s.
         *
         * @param expTime the lifetime; positive
         * @return this builder
         */
        public Builder expTime(Duration expTime) {
            this.expTime = expTime;
            return this;
        }

        /**
         * Sets the time used for {@code iat}, {@code nbf}, {@code exp} and renewal; default the system clock (tests
         * pass a fixed or moving one).
         *
         * @param clock the clock; not {@code null}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the configuration; no token is signed yet.
         *
         * @return the configuration
         * @throws IllegalArgumentException when {@code expTime} is not positive, or the key cannot sign with the
         *                                  algorithm
         * @throws NullPointerException     when the signature configuration, {@code expTime}, the clock, or a claim
         *                                  name or value is {@code null}
         */
        public JwtIssuerConfig build() {
            return new JwtIssuerConfig(this);
        }
    }
}
