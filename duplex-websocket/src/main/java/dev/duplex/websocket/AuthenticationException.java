package dev.duplex.websocket;

/** Credentials were missing or invalid (listener: the upgrade was refused with 401; client: a token could not be obtained). The spec's {@code AuthnError} and {@code AuthError}. */
public class AuthenticationException extends WebSocketException {
    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
