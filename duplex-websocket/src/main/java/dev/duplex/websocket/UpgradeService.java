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
 * <p>Threading: called on a worker thread (never on an event loop), possibly for many requests at once; the
 * handshake response is sent when this method returns.
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
     * @return the service for this connection; never {@code null}
     */
    Service onUpgrade(UpgradeRequest request);
}
