package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.UpgradeRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The user-id and password of an {@code Authorization: Basic} header (RFC 7617 §2): base64 of
 * {@code user-id ":" password}, UTF-8, the user-id without a colon.
 *
 * @param username the user-id
 * @param password the password; the caller clears nothing, Strings being immutable, so it never logs it
 */
public record BasicCredentials(String username, String password) {
    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + ", password=****]";
    }

    /**
     * The Basic credentials of {@code request}, or {@code null} when it has no {@code Authorization} header with the
     * Basic scheme (another authenticator may understand it).
     *
     * @throws AuthenticationException when the header uses the Basic scheme but is malformed
     */
    public static BasicCredentials of(UpgradeRequest request) {
        String header = request.header("Authorization");
        if (header == null) {
            return null;
        }
        String value = header.trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(space + 1).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("malformed Basic credentials: not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new AuthenticationException("malformed Basic credentials: no ':' between user-id and password");
        }
        return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The header value for these credentials: {@code Basic base64(user:password)}. */
    public String headerValue() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
