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
 * {@code expTime}, and the custom claims (which cannot replace the registered ones); its header names the algorithm,
 * {@code typ: JWT} and {@code kid}. The reference signs one token when the client starts; this one keeps the token
 * and signs a new one once less than a tenth of {@code expTime} is left, so a client that reconnects later still
 * presents a valid token.
 *
 * <p>Thread safety: safe for concurrent connects. Build with {@link #builder(IssuerSignatureConfig)}.
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

    /** A builder signing with {@code signatureConfig}. */
    public static Builder builder(IssuerSignatureConfig signatureConfig) {
        return new Builder(signatureConfig);
    }

    /** A freshly signed token, whatever the cached one. */
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

    @Override
    public String authorizationHeader() {
        return "Bearer " + token.accessToken();
    }

    /** The {@code iss} claim, or {@code null}. */
    public String issuer() {
        return issuer;
    }

    /** The {@code sub} claim, or {@code null}. */
    public String username() {
        return username;
    }

    /** The {@code aud} claim; empty for none. */
    public List<String> audience() {
        return audience;
    }

    /** The {@code jti} claim, or {@code null} for a random one per token. */
    public String jwtId() {
        return jwtId;
    }

    /** The {@code kid} header, or {@code null}. */
    public String keyId() {
        return keyId;
    }

    /** Further claims. */
    public Map<String, Object> customClaims() {
        return customClaims;
    }

    /** How long each token is valid; default 300 s. */
    public Duration expTime() {
        return expTime;
    }

    /** The algorithm and key. */
    public IssuerSignatureConfig signatureConfig() {
        return signatureConfig;
    }

    @Override
    public String toString() {
        return "JwtIssuerConfig[issuer=" + issuer + ", username=" + username + ", audience=" + audience
                + ", jwtId=" + jwtId + ", keyId=" + keyId + ", customClaims=" + customClaims.keySet()
                + ", expTime=" + expTime + ", signatureConfig=" + signatureConfig + "]";
    }

    /** Builds a {@link JwtIssuerConfig}; every claim is optional. */
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

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder audience(String... audience) {
            this.audience.addAll(List.of(audience));
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

        public Builder expTime(Duration expTime) {
            this.expTime = expTime;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public JwtIssuerConfig build() {
            return new JwtIssuerConfig(this);
        }
    }
}
