package dev.duplex.websocket;

/**
 * Checks the credentials of an upgrade request (spec §5.2). Built from a {@link ListenerAuthConfig}; the
 * {@code duplex-websocket-auth} module provides authenticators for Basic (file and LDAP user stores), JWT and
 * OAuth2 introspection.
 *
 * <p>Built once per {@code auth} entry when the service is attached ({@link ListenerAuthConfig#newAuthenticator()}),
 * and asked for every upgrade request at that service, before its {@link UpgradeService}.
 *
 * <p>Thread safety: called on a worker thread, concurrently for many requests, so an implementation must be safe for
 * concurrent use; it may block (a directory or an introspection call).
 */
public interface Authenticator {
    /**
     * Authenticates {@code request}. The listener then checks the principal's scopes against the entry's
     * {@link ListenerAuthConfig#scopes()} (403 when it has none of them).
     *
     * @param request the upgrade request, with its headers, query and cookies
     * @return the principal, or {@code null} when the request carries no credentials this authenticator understands
     *         (the next one in the service's list is tried)
     * @throws AuthenticationException when the credentials are present but wrong, expired or forged; the next entry
     *                                 is tried all the same, and when none accepts, the upgrade is refused with 401
     *                                 whose body ends with this exception's message (so keep secrets out of it)
     * @throws AuthorizationException  when the credentials are valid but may not connect: 403 with its message as
     *                                 the body; later entries are not tried
     * @throws UpgradeException        to refuse at once with a status of its own, e.g. 503 when what it depends on is
     *                                 unreachable; later entries are not tried
     */
    AuthenticatedPrincipal authenticate(UpgradeRequest request);

    /**
     * The challenge for the {@code WWW-Authenticate} header of a 401; the challenges of a service's entries are joined
     * with commas, duplicates left out.
     *
     * @return the challenge, e.g. {@code Basic realm="duplex"} or {@code Bearer}
     */
    String challenge();

    /**
     * Releases what the authenticator holds (a directory connection pool, a background refresh). Called once, when
     * its service is detached or its listener stops, on the thread that detaches or stops; a runtime exception it
     * throws is logged and does not stop the others from closing. The default does nothing.
     */
    default void close() {
    }
}
