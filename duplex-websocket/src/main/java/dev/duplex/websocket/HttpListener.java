package dev.duplex.websocket;

import dev.duplex.websocket.internal.server.ListenerRuntime;
import dev.duplex.websocket.internal.server.StaticContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A small HTTP/1.1 server for the plain routes that sit beside WebSocket services on one port (spec §2: a listener
 * "constructed with a port or an http:Listener"): health checks, a static page, a JSON endpoint. Routing,
 * request/response and static files; no framework.
 *
 * <pre>{@code
 * var http = new HttpListener(8080);
 * http.get("/health", request -> HttpResponse.text(200, "ok"));
 * http.staticResources("/", "web");                  // class-path folder web/
 * var ws = new Listener(http);                        // same port
 * ws.attach("/chat/{room}", request -> new ChatService());
 * http.start();
 * }</pre>
 *
 * <p>A request with {@code Upgrade: websocket} goes to the WebSocket service of its path; any other request to the
 * HTTP route of its method and path (404 when none, 405 when only other methods match). Limits, keep-alive and
 * timeouts come from the {@link ListenerConfiguration}.
 *
 * <p>Thread safety: every method is safe from any thread; routes may be added while running.
 */
public final class HttpListener implements AutoCloseable {
    private final ListenerRuntime runtime;

    /** An HTTP listener on {@code port} (0 for any free port) with the default configuration. */
    public HttpListener(int port) {
        this(port, ListenerConfiguration.DEFAULT);
    }

    /** An HTTP listener on {@code port} (0 for any free port). */
    public HttpListener(int port, ListenerConfiguration config) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0-65535 (0 picks a free port), was " + port);
        }
        this.runtime = new ListenerRuntime(port, Objects.requireNonNull(config, "config"));
    }

    ListenerRuntime runtime() {
        return runtime;
    }

    /**
     * Routes {@code method} requests for {@code path} to {@code handler}. The path may hold parameters
     * ({@code /users/{id}}) and may end in {@code /**} to match everything below it.
     *
     * @throws IllegalArgumentException when the path is malformed or the route exists
     */
    public HttpListener route(String method, String path, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        runtime.httpRoutes().add(method.toUpperCase(Locale.ROOT), path, handler);
        return this;
    }

    /** Routes GET (and HEAD) requests for {@code path}. */
    public HttpListener get(String path, HttpHandler handler) {
        return route("GET", path, handler);
    }

    /** Routes POST requests for {@code path}. */
    public HttpListener post(String path, HttpHandler handler) {
        return route("POST", path, handler);
    }

    /** Serves the files under {@code directory} at {@code urlPrefix} (e.g. {@code "/"} or {@code "/static"}). */
    public HttpListener staticFiles(String urlPrefix, Path directory) {
        return get(prefixRoute(urlPrefix), StaticContent.directory(directory));
    }

    /** Serves the class-path resources under {@code root} at {@code urlPrefix}. */
    public HttpListener staticResources(String urlPrefix, String root) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return get(prefixRoute(urlPrefix), StaticContent.classPath(root,
                loader != null ? loader : HttpListener.class.getClassLoader()));
    }

    private static String prefixRoute(String urlPrefix) {
        String base = urlPrefix.endsWith("/") ? urlPrefix.substring(0, urlPrefix.length() - 1) : urlPrefix;
        return base + "/**";
    }

    /** Binds the port and starts serving. @throws IllegalStateException when already started or the bind fails */
    public void start() {
        runtime.start();
    }

    /** The bound port once started, else the requested one. */
    public int getPort() {
        return runtime.port();
    }

    /** Stops accepting, closes WebSocket connections with 1001 (waiting up to {@code timeout}), then drops the rest. */
    public void gracefulStop(Duration timeout) {
        runtime.gracefulStop(timeout);
    }

    /** Stops at once. */
    public void immediateStop() {
        runtime.immediateStop();
    }

    /** A graceful stop with {@link Listener#DEFAULT_GRACEFUL_STOP_TIMEOUT}. */
    @Override
    public void close() {
        gracefulStop(Listener.DEFAULT_GRACEFUL_STOP_TIMEOUT);
    }
}
