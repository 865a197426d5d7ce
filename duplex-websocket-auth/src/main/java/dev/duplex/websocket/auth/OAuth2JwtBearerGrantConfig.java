package dev.duplex.websocket.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JWT bearer grant (RFC 7523 §2.1; the reference's {@code OAuth2JwtBearerGrantConfig}): the client trades a
 * signed JWT assertion for an access token. The assertion is fixed ({@link Builder#assertion(String)}) or, better,
 * issued afresh for each token request by a {@link JwtIssuerConfig} ({@link Builder#assertionIssuer}), since
 * assertions are meant to be short-lived. {@code tokenUrl} and an assertion are required; {@code clientId} and
 * {@code clientSecret} are optional. See {@link OAuth2GrantConfig} for the shared settings.
 *
 * <p>Thread safety: as {@link OAuth2GrantConfig}: safe for concurrent connects; the builder is not thread-safe.
 */
public final class OAuth2JwtBearerGrantConfig extends OAuth2GrantConfig {
    /** The grant type URN of RFC 7523 §2.1. */
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final Supplier<String> assertion;

    private OAuth2JwtBearerGrantConfig(Builder builder) {
        super(builder);
        if (builder.assertion == null) {
            throw new IllegalArgumentException("the JWT bearer grant needs an assertion or an assertionIssuer");
        }
        this.assertion = builder.assertion;
    }

    /** {@return a builder holding the shared defaults} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    Map<String, String> grantParameters() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT_TYPE);
        form.put("assertion", assertion.get());
        return form;
    }

    /**
     * Builds an {@link OAuth2JwtBearerGrantConfig}; one of {@link #assertion(String)} and
     * {@link #assertionIssuer(JwtIssuerConfig)} is required (the later call wins).
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder extends OAuth2GrantConfig.Builder<OAuth2JwtBearerGrantConfig, Builder> {
        private Supplier<String> assertion;

        private Builder() {
        }

        /**
         * Sets a fixed assertion, sent with every token request.
         *
         * @param assertion a signed JWT
         * @return this builder
         */
        public Builder assertion(String assertion) {
            this.assertion = () -> assertion;
            return this;
        }

        /**
         * Has {@code issuer} sign a new assertion for every token request.
         *
         * @param issuer signs the assertions; its {@code audience} should name the token endpoint
         * @return this builder
         */
        public Builder assertionIssuer(JwtIssuerConfig issuer) {
            this.assertion = issuer::issueToken;
            return this;
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalArgumentException also when no assertion was set
         */
        @Override
        public OAuth2JwtBearerGrantConfig build() {
            return new OAuth2JwtBearerGrantConfig(this);
        }
    }
}
