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

    /**
     * An HTTP listener on {@code port} with the default configuration ({@link ListenerConfiguration#DEFAULT}).
     * Nothing is bound until {@link #start()}.
     *
     * @param port the port, 0–65535; 0 picks a free port when started
     * @throws IllegalArgumentException when the port is outside 0–65535
     */
    public HttpListener(int port) {
        this(port, ListenerConfiguration.DEFAULT);
    }

    /**
     * An HTTP listener on {@code port} with {@code config}, which also serves any {@link Listener} that shares it.
     * Nothing is bound until {@link #start()}, but TLS files are read now.
     *
     * @param port   the port, 0–65535; 0 picks a free port when started
     * @param config how to bind, limits, keep-alive and TLS; not {@code null}
     * @throws IllegalArgumentException when the port is outside 0–65535
     * @throws SslException             when the TLS configuration cannot be used
     */
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
     * ({@code /users/{id}}) and may end in {@code /**} to match everything below it (the rest of the path is the
     * path parameter {@code "**"}). When several routes match, the most specific wins: exact segments before
     * parameters, and any route before a {@code /**} one.
     *
     * @param method  the HTTP method, any case, e.g. {@code "PUT"}
     * @param path    the path template
     * @param handler answers the matching requests; not {@code null}
     * @return this listener, to chain routes
     * @throws IllegalArgumentException when the path is malformed or the route exists
     */
    public HttpListener route(String method, String path, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        runtime.httpRoutes().add(method.toUpperCase(Locale.ROOT), path, handler);
        return this;
    }

    /**
     * Routes GET requests for {@code path}; HEAD requests go to the same handler.
     *
     * @param path    the path template; see {@link #route(String, String, HttpHandler)}
     * @param handler answers the matching requests; not {@code null}
     * @return this listener, to chain routes
     * @throws IllegalArgumentException when the path is malformed or the route exists
     */
    public HttpListener get(String path, HttpHandler handler) {
        return route("GET", path, handler);
    }

    /**
     * Routes POST requests for {@code path}.
     *
     * @param path    the path template; see {@link #route(String, String, HttpHandler)}
     * @param handler answers the matching requests; not {@code null}
     * @return this listener, to chain routes
     * @throws IllegalArgumentException when the path is malformed or the route exists
     */
    public HttpListener post(String path, HttpHandler handler) {
        return route("POST", path, handler);
    }

    /**
     * Serves the files under {@code directory} at {@code urlPrefix} (GET and HEAD). A directory serves its
     * {@code index.html}; a path with {@code ..} or a backslash is refused, so nothing outside {@code directory} can
     * be read; the content type follows the file's extension.
     *
     * @param urlPrefix the path the files appear under, e.g. {@code "/"} or {@code "/static"}
     * @param directory an existing directory
     * @return this listener, to chain routes
     * @throws IllegalArgumentException when {@code directory} is not a directory, or a GET route exists at the prefix
     */
    public HttpListener staticFiles(String urlPrefix, Path directory) {
        return get(prefixRoute(urlPrefix), StaticContent.directory(directory));
    }

    /**
     * Serves the class-path resources under {@code root} at {@code urlPrefix} (GET and HEAD), loaded by the calling
     * thread's context class loader (else Duplex's own); otherwise as {@link #staticFiles(String, Path)}.
     *
     * @param urlPrefix the path the resources appear under, e.g. {@code "/"}
     * @param root      the resource folder, e.g. {@code "web"} for {@code src/main/resources/web}; everything under
     *                  it is public. Not {@code ""} or {@code "/"}, which would serve the whole class path
     * @return this listener, to chain routes
     * @throws IllegalArgumentException when {@code root} names no folder, or a GET route exists at the prefix
     */
    public HttpListener staticResources(String urlPrefix, String root) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return get(prefixRoute(urlPrefix), StaticContent.classPath(root,
                loader != null ? loader : HttpListener.class.getClassLoader()));
    }

    private static String prefixRoute(String urlPrefix) {
        String base = urlPrefix.endsWith("/") ? urlPrefix.substring(0, urlPrefix.length() - 1) : urlPrefix;
        return base + "/**";
    }

    /**
     * Binds the port and starts serving, WebSocket services of a sharing {@link Listener} included; returns once
     * bound. When the sharing {@code Listener} was started first, the port is bound already and this only marks this
     * listener started: each of the two may be started once, in either order.
     *
     * @throws IllegalStateException when this listener was already started (or stopped), or when the port cannot be
     *                               bound
     */
    public void start() {
        runtime.start(this);
    }

    /** {@return the bound port once started (the one chosen when constructed with 0), else the requested one} */
    public int getPort() {
        return runtime.port();
    }

    /**
     * Stops accepting, closes WebSocket connections with 1001 (waiting up to {@code timeout} for their closing
     * handshakes), then drops the rest, plain HTTP connections included. Returns when every connection is gone; then
     * the WebSocket services are detached and their authenticators closed.
     *
     * @param timeout how long to wait for the closing handshakes; not negative
     */
    public void gracefulStop(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout cannot be negative, was " + timeout);
        }
        runtime.gracefulStop(timeout);
    }

    /** Stops accepting and drops every connection at once, without closing handshakes; returns once all are closed. */
    public void immediateStop() {
        runtime.immediateStop();
    }

    /** A graceful stop with {@link Listener#DEFAULT_GRACEFUL_STOP_TIMEOUT}. */
    @Override
    public void close() {
        gracefulStop(Listener.DEFAULT_GRACEFUL_STOP_TIMEOUT);
    }
}
