package dev.duplex.websocket.auth;

import dev.duplex.websocket.ClientAuthConfig;
import dev.duplex.websocket.auth.internal.BasicCredentials;
import java.util.Objects;

/**
 * Basic authentication for a client (spec §5.2, {@code CredentialsConfig}; RFC 7617): every upgrade request carries
 * {@code Authorization: Basic base64(username:password)}, UTF-8. Send it only over {@code wss}: Basic credentials are
 * readable by anyone who sees the request.
 *
 * <p>Thread safety: immutable.
 *
 * @param username the user name; must not contain {@code :}
 * @param password the password
 */
public record CredentialsConfig(String username, String password) implements ClientAuthConfig {
    /**
     * Basic credentials.
     *
     * @param username the user name; must not contain {@code :}
     * @param password the password
     * @throws IllegalArgumentException when the user name contains {@code :}
     * @throws NullPointerException     when either is {@code null}
     */
    public CredentialsConfig {
        Objects.requireNonNull(username, "username must not be null");
        Objects.requireNonNull(password, "password must not be null");
        if (username.contains(":")) {
            throw new IllegalArgumentException("a Basic user name cannot contain ':' (RFC 7617 §2), was " + username);
        }
    }

    /** {@return {@code "Basic "} followed by the base64 of {@code username:password} in UTF-8} */
    @Override
    public String authorizationHeader() {
        return new BasicCredentials(username, password).headerValue();
    }

    /** {@return the user name, with the password hidden} */
    @Override
    public String toString() {
        return "CredentialsConfig[username=" + username + ", password=****]";
    }
}
