package dev.duplex.websocket;

/**
 * Checks the credentials of an upgrade request (spec §5.2). Built from a {@link ListenerAuthConfig}; the
 * {@code duplex-websocket-auth} module provides authenticators for Basic (file and LDAP user stores), JWT and
 * OAuth2 introspection.
 *
 * <p>Threading: called on a worker thread, concurrently for many requests; it may block (a directory or an
 * introspection call).
 */
public interface Authenticator {
    /**
     * Authenticates {@code request}.
     *
     * @return the principal, or {@code null} when the request carries no credentials this authenticator understands
     *         (the next one in the service's list is tried)
     * @throws AuthenticationException when the credentials are present but wrong, expired or forged
     * @throws AuthorizationException  when the credentials are valid but may not connect (403, no other entry tried)
     */
    AuthenticatedPrincipal authenticate(UpgradeRequest request);

    /** The {@code WWW-Authenticate} challenge to send with a 401, e.g. {@code Basic realm="duplex"} or {@code Bearer}. */
    String challenge();

    /**
     * Releases what the authenticator holds (a directory connection pool, a background refresh). Called once, when
     * its service is detached or its listener stops; the default does nothing.
     */
    default void close() {
    }
}
