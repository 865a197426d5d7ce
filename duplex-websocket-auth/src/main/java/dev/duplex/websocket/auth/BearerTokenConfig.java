package dev.duplex.websocket.auth;

import dev.duplex.websocket.ClientAuthConfig;
import java.util.Objects;

/**
 * A fixed bearer token for a client (spec §5.2, {@code BearerTokenConfig}; RFC 6750): every upgrade request carries
 * {@code Authorization: Bearer <token>}. A token that expires is better obtained by an OAuth2 grant
 * ({@link OAuth2ClientCredentialsGrantConfig} and the others), which renews it.
 *
 * <p>Thread safety: immutable.
 *
 * @param token the token
 */
public record BearerTokenConfig(String token) implements ClientAuthConfig {
    /**
     * A fixed bearer token.
     *
     * @param token the token: visible ASCII, no spaces (RFC 6750 §2.1)
     * @throws IllegalArgumentException when the token is blank or holds other characters
     * @throws NullPointerException     when the token is {@code null}
     */
    public BearerTokenConfig {
        Objects.requireNonNull(token, "token must not be null");
        if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("a bearer token must be non-empty visible ASCII (RFC 6750 §2.1)");
        }
    }

    /** {@return {@code "Bearer "} followed by the token} */
    @Override
    public String authorizationHeader() {
        return "Bearer " + token;
    }

    /** {@return the type's name, with the token hidden} */
    @Override
    public String toString() {
        return "BearerTokenConfig[token=****]";
    }
}
