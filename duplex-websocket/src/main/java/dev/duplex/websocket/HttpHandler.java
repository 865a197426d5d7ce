package dev.duplex.websocket;

/**
 * Answers a plain HTTP request on an {@link HttpListener}: health checks, a page, a small JSON endpoint.
 *
 * <p>Threading: called on a worker thread (it may block), possibly for many requests at once.
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * @return the response; an exception answers 500 (logged) and the listener keeps serving
     */
    HttpResponse handle(HttpRequest request) throws Exception;
}
