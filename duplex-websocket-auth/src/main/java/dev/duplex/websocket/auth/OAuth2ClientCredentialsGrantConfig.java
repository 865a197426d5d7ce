package dev.duplex.websocket.auth;

import java.util.Map;

/**
 * The client credentials grant (RFC 6749 §4.4; the reference's {@code OAuth2ClientCredentialsGrantConfig}): the
 * client, as itself, asks for a token with its id and secret. See {@link OAuth2GrantConfig} for renewal and the
 * shared settings. {@code tokenUrl}, {@code clientId} and {@code clientSecret} are required.
 *
 * <p>Thread safety: as {@link OAuth2GrantConfig}: safe for concurrent connects; the builder is not thread-safe.
 */
public final class OAuth2ClientCredentialsGrantConfig extends OAuth2GrantConfig {
    private OAuth2ClientCredentialsGrantConfig(Builder builder) {
        super(builder);
        if (clientId() == null || clientSecret() == null) {
            throw new IllegalArgumentException("the client credentials grant needs clientId and clientSecret");
        }
    }

    /** {@return a builder holding the shared defaults} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    Map<String, String> grantParameters() {
        return Map.of("grant_type", "client_credentials");
    }

    /**
     * Builds an {@link OAuth2ClientCredentialsGrantConfig}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder extends OAuth2GrantConfig.Builder<OAuth2ClientCredentialsGrantConfig, Builder> {
        private Builder() {
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalArgumentException also when {@code clientId} or {@code clientSecret} is missing
         */
        @Override
        public OAuth2ClientCredentialsGrantConfig build() {
            return new OAuth2ClientCredentialsGrantConfig(this);
        }
    }
}
