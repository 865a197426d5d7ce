package dev.duplex.websocket;

/**
 * The credentials were valid but do not give the right to connect: the upgrade is refused with 403 and this message
 * as the body. Thrown by an {@link Authenticator} or an {@link UpgradeService}. The spec's {@code AuthzError}.
 */
public class AuthorizationException extends WebSocketException {
    public AuthorizationException(String message) {
        super(message);
    }

    public AuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
