package dev.duplex.websocket.auth;

/**
 * How a client's id and secret reach the token endpoint (RFC 6749 §2.3.1; the reference's {@code CredentialBearer});
 * see {@link OAuth2GrantConfig}.
 *
 * <p>Thread safety: immutable.
 */
public enum CredentialBearer {
    /** {@code Authorization: Basic base64(urlencode(id):urlencode(secret))}: the method servers must support. */
    AUTH_HEADER_BEARER,
    /** {@code client_id} and {@code client_secret} as form parameters, for servers that want them there. */
    POST_BODY_BEARER
}
