package dev.duplex.websocket;

/**
 * Decides whether an HTTP upgrade request becomes a WebSocket connection (spec §3.1, the upgrade service's
 * {@code get} resource).
 *
 * <pre>{@code
 * listener.attach("/chat/{room}", request -> {
 *     if (request.header("Authorization") == null) {
 *         throw new UpgradeException(401, "log in first");
 *     }
 *     request.addResponseHeader("X-Room", request.pathParam("room"));
 *     return new ChatService(request.pathParam("room"));
 * });
 * }</pre>
 *
 * <p>Before this is called, the listener has checked the handshake (RFC 6455), the request limits, the origin and
 * the service's {@code auth} list; a request that fails any of them never reaches it.
 *
 * <p>Thread safety: called on a worker thread (never on an event loop), possibly for many requests at once, so an
 * implementation must be safe for concurrent use; the handshake response is sent when this method returns.
 */
@FunctionalInterface
public interface UpgradeService {
    /**
     * Accepts the upgrade by returning the {@link Service} that will receive this connection's events, or refuses
     * it by throwing {@link UpgradeException} (its status, body and headers become the response) or
     * {@link AuthorizationException} (403, its message as the body). Any other exception refuses with 500 and is
     * logged; the listener keeps serving.
     *
     * @param request the upgrade request
     * @return the service for this connection; never {@code null} ({@code null} refuses with 500); one instance may
     *         serve many connections, whose events may then arrive concurrently
     * @throws UpgradeException       to refuse the upgrade with its status, message and headers
     * @throws AuthorizationException to refuse with 403 and its message as the body
     */
    Service onUpgrade(UpgradeRequest request);
}
