package dev.duplex.websocket.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The resource owner password credentials grant (RFC 6749 §4.3; the reference's {@code OAuth2PasswordGrantConfig}):
 * the client asks for a token with a user's name and password. A {@code refresh_token} in the answer is used to
 * renew the token (the reference's {@code INFER_REFRESH_CONFIG}). {@code tokenUrl}, {@code username} and
 * {@code password} are required; {@code clientId} and {@code clientSecret} are optional. See
 * {@link OAuth2GrantConfig} for the shared settings. (OAuth 2.1 drops this grant; prefer another where the server
 * allows.)
 *
 * <p>Thread safety: as {@link OAuth2GrantConfig}: safe for concurrent connects; the builder is not thread-safe.
 */
public final class OAuth2PasswordGrantConfig extends OAuth2GrantConfig {
    private final String username;
    private final String password;

    private OAuth2PasswordGrantConfig(Builder builder) {
        super(builder);
        this.username = Objects.requireNonNull(builder.username, "username is required");
        this.password = Objects.requireNonNull(builder.password, "password is required");
    }

    /** {@return a builder holding the shared defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the resource owner's user name} */
    public String username() {
        return username;
    }

    @Override
    Map<String, String> grantParameters() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        return form;
    }

    /** {@return every setting and the user name, with the secrets hidden} */
    @Override
    public String toString() {
        return super.toString().replaceFirst("\\]$", ", username=" + username + ", password=****]");
    }

    /**
     * Builds an {@link OAuth2PasswordGrantConfig}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder extends OAuth2GrantConfig.Builder<OAuth2PasswordGrantConfig, Builder> {
        private String username;
        private String password;

        private Builder() {
        }

        /**
         * Sets the resource owner's user name; required.
         *
         * @param username the user name
         * @return this builder
         */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * Sets the resource owner's password; required.
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * {@inheritDoc}
         *
         * @throws NullPointerException also when {@code username} or {@code password} is missing
         */
        @Override
        public OAuth2PasswordGrantConfig build() {
            return new OAuth2PasswordGrantConfig(this);
        }
    }
}
