package dev.duplex.websocket;

/**
 * The credentials were valid but do not give the right to connect: the upgrade is refused with 403 and this message
 * as the body. Thrown by an {@link Authenticator} (later {@code auth} entries are then not tried) or an
 * {@link UpgradeService}. The spec's {@code AuthzError}. (A principal without any of an entry's required scopes is
 * refused with 403 by the listener itself.)
 *
 * <p>Thread safety: immutable once thrown.
 */
public class AuthorizationException extends WebSocketException {
    /**
     * An authorization failure.
     *
     * @param message what was lacking; sent as the 403's body, so keep secrets out of it
     */
    public AuthorizationException(String message) {
        super(message);
    }

    /**
     * An authorization failure with its cause.
     *
     * @param message what was lacking
     * @param cause   the underlying failure
     */
    public AuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
