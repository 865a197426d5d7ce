package dev.duplex.websocket;

/** The credentials were valid but lacked a required scope; the upgrade was refused with 403. The spec's {@code AuthzError}. */
public class AuthorizationException extends WebSocketException {
    public AuthorizationException(String message) {
        super(message);
    }

    public AuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
