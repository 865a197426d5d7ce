package dev.duplex.websocket;

import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.server.ListenerRuntime;
import dev.duplex.websocket.internal.server.PathTemplate;
import dev.duplex.websocket.internal.server.RouteTable;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;

/**
 * A WebSocket server on one port (spec §2): services are attached at paths, and each upgrade request is handed to the
 * {@link UpgradeService} of the most specific matching path.
 *
 * <pre>{@code
 * var listener = new Listener(9090);
 * listener.attach("/basic/ws", request -> new EchoService());
 * listener.start();
 * }</pre>
 *
 * <p>Lifecycle: construct (the configuration is checked; nothing is bound), {@link #attach} services (before or after
 * starting), {@link #start} (binds; port 0 picks a free port that {@link #getPort()} reports), then
 * {@link #gracefulStop} or {@link #immediateStop}. {@link #close()} is a graceful stop.
 *
 * <p>Requests for a path without a service get 404; a handshake that breaks RFC 6455 gets 400, 405 or 426 (with
 * {@code Sec-WebSocket-Version: 13}); the {@link ListenerConfiguration#requestLimits()} give 414, 431 and 413.
 *
 * <p>Thread safety: every method is safe from any thread.
 */
public final class Listener implements AutoCloseable {
    /** How long {@link #gracefulStop()} waits for closing handshakes. */
    public static final Duration DEFAULT_GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ListenerRuntime runtime;

    /**
     * A WebSocket listener sharing {@code httpListener}'s port (spec §2: "constructed with a port or an
     * http:Listener"): its services take the upgrade requests, the HTTP listener's routes everything else. Starting
     * or stopping either starts or stops both.
     */
    public Listener(HttpListener httpListener) {
        this.runtime = Objects.requireNonNull(httpListener, "httpListener").runtime();
    }

    /** A listener on {@code port} (0 for any free port) with the spec's default configuration. */
    public Listener(int port) {
        this(port, ListenerConfiguration.DEFAULT);
    }

    /**
     * A listener on {@code port} (0 for any free port).
     *
     * @throws IllegalArgumentException when the port is outside 0–65535
     */
    public Listener(int port, ListenerConfiguration config) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0-65535 (0 picks a free port), was " + port);
        }
        this.runtime = new ListenerRuntime(port, Objects.requireNonNull(config, "config"));
    }

    /**
     * Attaches an upgrade service at {@code path}, with the settings of its {@link ServiceConfig} annotation or the
     * defaults.
     *
     * @param path an exact path ({@code /chat}) or a template with path parameters ({@code /chat/{room}})
     * @throws IllegalArgumentException when the path is malformed or taken, or when the service class the upgrade
     *                                  service declares it returns has a remote method with a wrong signature
     */
    public void attach(String path, UpgradeService upgradeService) {
        Objects.requireNonNull(upgradeService, "upgradeService");
        ServiceConfig annotation = upgradeService.getClass().getAnnotation(ServiceConfig.class);
        attach(path, upgradeService, annotation == null ? WsServiceConfig.DEFAULT : WsServiceConfig.from(annotation));
    }

    /**
     * Attaches an upgrade service at {@code path} with {@code config}, which takes the place of any
     * {@link ServiceConfig} annotation.
     *
     * @throws IllegalArgumentException as {@link #attach(String, UpgradeService)}
     */
    public void attach(String path, UpgradeService upgradeService, WsServiceConfig config) {
        Objects.requireNonNull(upgradeService, "upgradeService");
        Objects.requireNonNull(config, "config");
        PathTemplate template = PathTemplate.parse(path);
        checkDeclaredServiceType(upgradeService);
        var authenticators = new java.util.ArrayList<Authenticator>();
        for (ListenerAuthConfig auth : config.auth()) {
            authenticators.add(Objects.requireNonNull(auth.newAuthenticator(),
                    () -> auth + " returned no authenticator"));
        }
        runtime.routes().add(new RouteTable.Route(template, upgradeService, config, authenticators));
    }

    /**
     * When the upgrade service's class declares a more specific return type than {@link Service} (a class rather than
     * a lambda), its remote methods are checked now rather than at the first connection.
     */
    private static void checkDeclaredServiceType(UpgradeService upgradeService) {
        try {
            Method method = upgradeService.getClass().getMethod("onUpgrade", UpgradeRequest.class);
            Class<?> declared = method.getReturnType();
            if (declared != Service.class && !declared.isInterface()) {
                ServiceModel.of(declared);
            }
        } catch (NoSuchMethodException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Detaches the service at {@code path}; connections it already accepted stay open.
     *
     * @throws IllegalArgumentException when no service is attached there
     */
    public void detach(String path) {
        if (!runtime.routes().remove(path)) {
            throw new IllegalArgumentException("Cannot detach service: no service is attached at " + path);
        }
    }

    /**
     * Detaches every path of {@code upgradeService}; connections it already accepted stay open.
     *
     * @throws IllegalArgumentException when it is not attached
     */
    public void detach(UpgradeService upgradeService) {
        if (!runtime.routes().remove(upgradeService)) {
            throw new IllegalArgumentException("Cannot detach service: it has not been attached");
        }
    }

    /**
     * Binds the port and starts accepting connections.
     *
     * @throws IllegalStateException when already started, or when the port cannot be bound
     */
    public void start() {
        runtime.start();
    }

    /** Whether the listener is accepting connections. */
    public boolean isStarted() {
        return runtime.isStarted();
    }

    /** The port: the bound one once started (the one chosen when constructed with 0), else the requested one. */
    public int getPort() {
        return runtime.port();
    }

    /** How many WebSocket connections are open now. */
    public int getOpenConnections() {
        return runtime.openConnections();
    }

    /** Graceful stop waiting up to {@link #DEFAULT_GRACEFUL_STOP_TIMEOUT}. */
    public void gracefulStop() {
        gracefulStop(DEFAULT_GRACEFUL_STOP_TIMEOUT);
    }

    /**
     * Stops accepting connections, sends 1001 Going Away to every open connection, waits up to {@code timeout} for
     * their closing handshakes, then drops any still open. Returns when every connection is gone.
     */
    public void gracefulStop(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout cannot be negative, was " + timeout);
        }
        runtime.gracefulStop(timeout);
    }

    /** Stops accepting and drops every connection at once, without closing handshakes (peers see 1006). */
    public void immediateStop() {
        runtime.immediateStop();
    }

    /** A graceful stop. */
    @Override
    public void close() {
        gracefulStop();
    }

    @Override
    public String toString() {
        return "Listener[port " + getPort() + "]";
    }
}
