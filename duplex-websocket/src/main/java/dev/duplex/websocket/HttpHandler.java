package dev.duplex.websocket;

/**
 * Answers a plain HTTP request on an {@link HttpListener}: health checks, a page, a small JSON endpoint.
 *
 * <p>Thread safety: called on a worker thread (it may block), possibly for many requests at once, so an implementation
 * must be safe for concurrent use.
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * Answers one request. The response is sent when this returns.
     *
     * @param request the request; its body is complete
     * @return the response; not {@code null}
     * @throws Exception anything: it answers 500 (logged) and the listener keeps serving
     */
    HttpResponse handle(HttpRequest request) throws Exception;
}
