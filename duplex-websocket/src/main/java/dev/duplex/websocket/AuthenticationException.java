package dev.duplex.websocket;

/**
 * Credentials were missing or invalid. On a listener, an {@link Authenticator} throws it for credentials that are
 * present but wrong, and the upgrade is refused with 401 unless a later {@code auth} entry accepts. On a client, the
 * constructor of {@link Client} throws it when {@link ClientAuthConfig} could not supply credentials (e.g. the token
 * endpoint refused). The spec's {@code AuthnError} and {@code AuthError}.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class AuthenticationException extends WebSocketException {
    /**
     * An authentication failure.
     *
     * @param message what was wrong, without the secret itself (it may reach the client in a 401's body)
     */
    public AuthenticationException(String message) {
        super(message);
    }

    /**
     * An authentication failure with its cause.
     *
     * @param message what was wrong, without the secret itself
     * @param cause   the underlying failure, e.g. a token endpoint's I/O error
     */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
