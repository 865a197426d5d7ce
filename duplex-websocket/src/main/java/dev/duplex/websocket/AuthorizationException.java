package dev.duplex.websocket;

/**
 * The credentials were valid but lacked a required scope. The spec's {@code AuthzError}.
 *
 * <p>Duplex does not throw it: a listener refuses a principal without a required scope with an
 * {@link UpgradeException} of status 403. It is not recognised when thrown from an {@link UpgradeService} or an
 * {@link Authenticator} (that answers 500); to refuse with 403 there, throw {@code new UpgradeException(403, ...)}.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class AuthorizationException extends WebSocketException {
    /**
     * An authorization failure.
     *
     * @param message what was lacking
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
