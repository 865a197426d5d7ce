package dev.duplex.websocket;

/**
 * How a {@link Client} authenticates its upgrade request (spec §5.2, {@code ClientAuthConfig}): the
 * {@code duplex-websocket-auth} module provides Basic credentials, bearer tokens, self-issued JWTs and the OAuth2
 * grants. The header is asked for at every connect, so a reconnecting client presents a fresh token.
 *
 * <p>Thread safety: called on the thread that connects, possibly by several clients at once; implementations cache
 * and renew tokens themselves and must be safe for concurrent use.
 */
public interface ClientAuthConfig {
    /**
     * The {@code Authorization} header value for the next upgrade request. It may block, e.g. to ask a token
     * endpoint.
     *
     * @return the whole header value, scheme included, e.g. {@code "Bearer eyJ..."}
     * @throws AuthenticationException when no credentials can be obtained (e.g. the token endpoint refused); any other
     *                                 runtime exception is reported to the connecting thread as an
     *                                 {@code AuthenticationException} with it as the cause
     */
    String authorizationHeader();
}
