package dev.duplex.websocket;

/**
 * How a {@link Client} authenticates its upgrade request (spec §5.2, {@code ClientAuthConfig}): the
 * {@code duplex-websocket-auth} module provides Basic credentials, bearer tokens, self-issued JWTs and the OAuth2
 * grants. The header is asked for at every connect, so a reconnecting client presents a fresh token.
 *
 * <p>Threading: called on the thread that connects; implementations cache and renew tokens themselves and must be
 * thread-safe.
 */
public interface ClientAuthConfig {
    /**
     * The {@code Authorization} header value for the next upgrade request.
     *
     * @throws AuthenticationException when no credentials can be obtained (e.g. the token endpoint refused)
     */
    String authorizationHeader();
}
