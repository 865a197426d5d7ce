package dev.duplex.websocket.auth;

import java.util.Map;
import java.util.Objects;

/**
 * The refresh token grant (RFC 6749 §6; the reference's {@code OAuth2RefreshTokenGrantConfig}): the client holds a
 * refresh token obtained elsewhere and trades it for access tokens. When the server rotates refresh tokens, the
 * newest one is used next. {@code refreshUrl} (the token endpoint), {@code refreshToken}, {@code clientId} and
 * {@code clientSecret} are required. See {@link OAuth2GrantConfig} for the shared settings.
 *
 * <p>Thread safety: as {@link OAuth2GrantConfig}: safe for concurrent connects; the builder is not thread-safe.
 */
public final class OAuth2RefreshTokenGrantConfig extends OAuth2GrantConfig {
    private final String refreshToken;

    private OAuth2RefreshTokenGrantConfig(Builder builder) {
        super(builder);
        this.refreshToken = Objects.requireNonNull(builder.refreshToken, "refreshToken is required");
        if (clientId() == null || clientSecret() == null) {
            throw new IllegalArgumentException("the refresh token grant needs clientId and clientSecret");
        }
    }

    /** {@return a builder holding the shared defaults} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    Map<String, String> grantParameters() {
        return refreshParameters(refreshToken);
    }

    /**
     * Builds an {@link OAuth2RefreshTokenGrantConfig}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder extends OAuth2GrantConfig.Builder<OAuth2RefreshTokenGrantConfig, Builder> {
        private String refreshToken;

        private Builder() {
        }

        /**
         * Sets the token endpoint to refresh at (the reference's {@code refreshUrl}); the same as
         * {@link #tokenUrl(String)}.
         *
         * @param refreshUrl an {@code http} or {@code https} URL
         * @return this builder
         */
        public Builder refreshUrl(String refreshUrl) {
            return tokenUrl(refreshUrl);
        }

        /**
         * Sets the refresh token to start from; required. When the server rotates refresh tokens, the newest one is
         * used next.
         *
         * @param refreshToken the refresh token
         * @return this builder
         */
        public Builder refreshToken(String refreshToken) {
            this.refreshToken = refreshToken;
            return this;
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalArgumentException also when {@code clientId} or {@code clientSecret} is missing
         * @throws NullPointerException     also when {@code refreshToken} is missing
         */
        @Override
        public OAuth2RefreshTokenGrantConfig build() {
            return new OAuth2RefreshTokenGrantConfig(this);
        }
    }
}
