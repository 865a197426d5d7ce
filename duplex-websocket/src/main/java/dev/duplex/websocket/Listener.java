package dev.duplex.websocket;

import dev.duplex.websocket.internal.dispatch.ServiceChecks;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.logging.ProblemLog;
import dev.duplex.websocket.internal.server.ListenerRuntime;
import dev.duplex.websocket.internal.server.PathTemplate;
import dev.duplex.websocket.internal.server.RouteTable;
import dev.duplex.websocket.internal.server.ShutdownStop;
import dev.duplex.websocket.internal.server.SigtermAsExit;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * {@link #gracefulStop} or {@link #immediateStop}. {@link #close()} is a graceful stop. A stopped listener cannot be
 * started again; make a new one.
 *
 * <p>A started listener does not keep the JVM alive: its threads are daemons. A server program blocks its
 * {@code main} thread in {@link #awaitTermination()} until the listener stops, and opts into
 * {@link #stopOnShutdown(Duration)} so that SIGTERM or Ctrl+C stops it gracefully:
 *
 * <pre>{@code
 * var listener = new Listener(8080);
 * listener.attach("/echo", request -> new EchoService());
 * listener.stopOnShutdown(Duration.ofSeconds(10));
 * listener.start();
 * listener.awaitTermination();                         // returns once the listener has stopped
 * }</pre>
 *
 * <p>Requests for a path without a service get 404; a handshake that breaks RFC 6455 gets 400, 405 or 426 (with
 * {@code Sec-WebSocket-Version: 13}); the {@link ListenerConfiguration#requestLimits()} give 414, 431 and 413.
 *
 * <p>Thread safety: every method is safe from any thread.
 */
public final class Listener implements AutoCloseable {
    /** How long {@link #gracefulStop()} waits for closing handshakes. */
    public static final Duration DEFAULT_GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Mistakes in attached services that must be seen even without an SLF4J provider. */
    private static final ProblemLog PROBLEMS = ProblemLog.of(Listener.class);

    private final ListenerRuntime runtime;
    /** The hook registered by {@link #stopOnShutdown}, or {@code null}; guarded by {@code this}. */
    private ShutdownStop shutdownStop;

    /**
     * A WebSocket listener sharing {@code httpListener}'s port (spec §2: "constructed with a port or an
     * http:Listener"): its services take the upgrade requests, the HTTP listener's routes everything else. Starting
     * or stopping either starts or stops both. The port and configuration are the HTTP listener's.
     *
     * @param httpListener the HTTP listener whose port to share; not {@code null}
     */
    public Listener(HttpListener httpListener) {
        this.runtime = Objects.requireNonNull(httpListener, "httpListener").runtime();
    }

    /**
     * A listener on {@code port} with the spec's default configuration ({@link ListenerConfiguration#DEFAULT}: every
     * interface, plain {@code ws://}). Nothing is bound until {@link #start()}.
     *
     * @param port the port, 0–65535; 0 picks a free port when started
     * @throws IllegalArgumentException when the port is outside 0–65535
     */
    public Listener(int port) {
        this(port, ListenerConfiguration.DEFAULT);
    }

    /**
     * A listener on {@code port} with {@code config}. Nothing is bound until {@link #start()}, but the TLS files of
     * {@link ListenerConfiguration#secureSocket()} are read now.
     *
     * @param port   the port, 0–65535; 0 picks a free port when started
     * @param config how to bind and treat the HTTP phase; not {@code null}
     * @throws IllegalArgumentException when the port is outside 0–65535
     * @throws SslException             when the TLS configuration cannot be used (unreadable files, a key that does
     *                                  not match its certificate, no supported cipher suite)
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
     * @param path           an exact path ({@code /chat}) or a template with path parameters ({@code /chat/{room}})
     * @param upgradeService decides each upgrade request at {@code path}; not {@code null}
     * @throws IllegalArgumentException when the path is malformed or taken, when the annotation holds an invalid
     *                                  value, or when the service class the upgrade service declares it returns has
     *                                  a remote method with a wrong signature
     */
    public void attach(String path, UpgradeService upgradeService) {
        Objects.requireNonNull(upgradeService, "upgradeService");
        ServiceConfig annotation = upgradeService.getClass().getAnnotation(ServiceConfig.class);
        attach(path, upgradeService, annotation == null ? WsServiceConfig.DEFAULT : WsServiceConfig.from(annotation));
    }

    /**
     * Attaches an upgrade service at {@code path} with {@code config}, which takes the place of any
     * {@link ServiceConfig} annotation. The authenticators of {@link WsServiceConfig#auth()} are built now (a user
     * file is read, for example), so their mistakes fail here. Requests at {@code path} reach the service from the
     * moment this returns, whether the listener is started already or not.
     *
     * @param path           an exact path ({@code /chat}) or a template with path parameters ({@code /chat/{room}})
     * @param upgradeService decides each upgrade request at {@code path}; not {@code null}
     * @param config         the service's settings; not {@code null}
     * @throws IllegalArgumentException     as {@link #attach(String, UpgradeService)}, or when an {@code auth} entry
     *                                      finds a mistake in its configuration (e.g. a user file line that does not
     *                                      parse)
     * @throws java.io.UncheckedIOException when an {@code auth} entry cannot read a file it needs
     * @throws NullPointerException         when an {@code auth} entry returns no authenticator
     */
    public void attach(String path, UpgradeService upgradeService, WsServiceConfig config) {
        Objects.requireNonNull(upgradeService, "upgradeService");
        Objects.requireNonNull(config, "config");
        PathTemplate template = PathTemplate.parse(path);
        checkDeclaredServiceType(upgradeService, config);
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
    private static void checkDeclaredServiceType(UpgradeService upgradeService, WsServiceConfig config) {
        try {
            Method method = upgradeService.getClass().getMethod("onUpgrade", UpgradeRequest.class);
            Class<?> declared = method.getReturnType();
            if (declared != Service.class && !declared.isInterface()) {
                ServiceChecks.warnOnce(declared, ServiceChecks.check(ServiceModel.of(declared), config,
                        upgradeService.getClass()), PROBLEMS);
            }
        } catch (NoSuchMethodException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Detaches the service at {@code path}; connections it already accepted stay open. Later requests for the path
     * get 404. The authenticators of its {@code auth} list are closed ({@link Authenticator#close()}).
     *
     * @param path the path exactly as it was attached
     * @throws IllegalArgumentException when no service is attached there
     */
    public void detach(String path) {
        if (!runtime.routes().remove(path)) {
            throw new IllegalArgumentException("Cannot detach service: no service is attached at " + path);
        }
    }

    /**
     * Detaches every path of {@code upgradeService}; connections it already accepted stay open. The authenticators
     * of its {@code auth} lists are closed.
     *
     * @param upgradeService the instance that was attached
     * @throws IllegalArgumentException when it is not attached
     */
    public void detach(UpgradeService upgradeService) {
        if (!runtime.routes().remove(upgradeService)) {
            throw new IllegalArgumentException("Cannot detach service: it has not been attached");
        }
    }

    /**
     * Binds the port and starts accepting connections; returns once bound. A listener sharing an
     * {@link HttpListener}'s port may be started before or after it: whichever starts first binds.
     *
     * @throws IllegalStateException when this listener was already started (or stopped), or when the port cannot be
     *                               bound
     */
    public void start() {
        runtime.start(this);
    }

    /** {@return whether the listener is accepting connections: started and not stopped} */
    public boolean isStarted() {
        return runtime.isStarted();
    }

    /**
     * {@return the port: the bound one once started (the one chosen when constructed with 0), else the requested one}
     */
    public int getPort() {
        return runtime.port();
    }

    /**
     * This listener's registry of open connections and its groups: cluster-wide when
     * {@link ListenerConfiguration#broker()} is set. Available before {@link #start()}.
     *
     * @return the groups
     */
    public Groups groups() {
        return runtime.groups();
    }

    /** {@return how many WebSocket connections are open now (HTTP connections before an upgrade do not count)} */
    public int getOpenConnections() {
        return runtime.openConnections();
    }

    /** A graceful stop waiting up to {@link #DEFAULT_GRACEFUL_STOP_TIMEOUT}; see {@link #gracefulStop(Duration)}. */
    public void gracefulStop() {
        gracefulStop(DEFAULT_GRACEFUL_STOP_TIMEOUT);
    }

    /**
     * Stops accepting connections, sends 1001 Going Away to every open connection, waits up to {@code timeout} for
     * their closing handshakes, then drops any still open. Returns when every connection is gone. Each service's
     * {@code onClose} runs as its connection ends. Then every service is detached and its authenticators are closed.
     * Calling it again does no harm.
     *
     * @param timeout how long to wait for the closing handshakes; {@link Duration#ZERO} drops the connections right
     *                after sending 1001
     * @throws IllegalArgumentException when {@code timeout} is negative
     */
    public void gracefulStop(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout cannot be negative, was " + timeout);
        }
        runtime.gracefulStop(timeout);
    }

    /**
     * Stops accepting and drops every connection at once, without closing handshakes (peers see 1006, and so does
     * each service's {@code onClose}). Returns once every connection is closed; then every service is detached and
     * its authenticators are closed.
     */
    public void immediateStop() {
        runtime.immediateStop();
    }

    /**
     * Blocks until the listener has stopped: a {@link #gracefulStop} or {@link #immediateStop} (from any thread, from
     * {@link #stopOnShutdown}'s hook, or of the {@link HttpListener} it shares a port with) has finished, so every
     * connection is closed and every service detached. Returns at once when that has happened already. A server's
     * {@code main} calls it after {@link #start()}, since the listener's own threads do not keep the JVM alive.
     *
     * @throws IllegalStateException when the listener was neither started nor stopped (nothing would ever end the
     *                               wait): call {@link #start()} first
     * @throws InterruptedException  when the waiting thread is interrupted
     */
    public void awaitTermination() throws InterruptedException {
        checkStartedOrStopped();
        try {
            runtime.termination().get();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Blocks until the listener has stopped, as {@link #awaitTermination()}, or until {@code timeout} has passed.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} only checks; durations beyond what
     *                nanoseconds can hold (about 292 years) wait as long as that
     * @return {@code true} when the listener has stopped, {@code false} when the timeout passed first
     * @throws IllegalArgumentException when {@code timeout} is negative
     * @throws IllegalStateException    when the listener was neither started nor stopped: call {@link #start()} first
     * @throws InterruptedException     when the waiting thread is interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("awaitTermination timeout cannot be negative, was " + timeout);
        }
        checkStartedOrStopped();
        long nanos = timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
        try {
            runtime.termination().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException running) {
            return false;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void checkStartedOrStopped() {
        if (!runtime.wasStarted() && !runtime.termination().isDone()) {
            throw new IllegalStateException("listener on port " + getPort() + " was never started: call start() "
                    + "before awaitTermination(), or nothing would end the wait");
        }
    }

    /**
     * Opts into a graceful stop when the JVM shuts down: a shutdown hook calls {@link #gracefulStop(Duration)
     * gracefulStop(grace)} on SIGTERM ({@code docker stop}, systemd, Kubernetes), SIGINT (Ctrl+C), {@link System#exit}
     * or the end of the last non-daemon thread. Connections are sent 1001 Going Away and get up to {@code grace} for
     * their closing handshakes. A thread blocked in {@link #awaitTermination()} then returns, but, as always during a
     * JVM shutdown, the process ends as soon as the shutdown hooks are done: work that must finish at shutdown
     * belongs in a shutdown hook of its own, not after {@code awaitTermination()}.
     *
     * <p>SIGTERM is also made an orderly exit for the whole process, as a service manager expects: the JVM runs its
     * shutdown hooks and exits with status 0 instead of the 143 (128 + 15) it reports for a signal. This needs the
     * JDK's {@code jdk.unsupported} module (present unless a custom runtime image leaves it out) and a JVM not started
     * with {@code -Xrs}; without them, SIGTERM still stops the listener gracefully, and the status stays 143. SIGINT
     * keeps the JVM's status (130).
     *
     * <p>May be called before or after {@link #start()}; a second call replaces the first one's grace. The hook is
     * removed once the listener has stopped by other means, so a stopped listener is not kept reachable.
     *
     * @param grace how long the closing handshakes may take, as {@link #gracefulStop(Duration)}'s timeout; keep it
     *              below the service manager's own limit (Docker and Kubernetes kill after 10 and 30 seconds)
     * @throws IllegalArgumentException when {@code grace} is negative
     * @throws IllegalStateException    when the JVM is already shutting down
     */
    public void stopOnShutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("stopOnShutdown grace cannot be negative, was " + grace);
        }
        ShutdownStop registered = ShutdownStop.register(() -> gracefulStop(grace),
                "duplex-stop-on-shutdown-" + getPort());
        synchronized (this) {
            if (shutdownStop != null) {
                shutdownStop.cancel();
            }
            shutdownStop = registered;
        }
        runtime.termination().thenRun(registered::cancel);
        SigtermAsExit.install();
    }

    /** A graceful stop waiting up to {@link #DEFAULT_GRACEFUL_STOP_TIMEOUT}. */
    @Override
    public void close() {
        gracefulStop();
    }

    @Override
    public String toString() {
        return "Listener[port " + getPort() + "]";
    }
}
