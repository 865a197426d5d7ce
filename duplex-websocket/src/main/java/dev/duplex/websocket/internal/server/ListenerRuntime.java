package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import dev.duplex.websocket.internal.groups.ListenerGroups;
import dev.duplex.websocket.internal.metrics.GroupMetrics;
import dev.duplex.websocket.internal.metrics.WebSocketMetrics;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import dev.duplex.websocket.internal.tls.ReloadingSslContext;
import dev.duplex.websocket.internal.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running side of a {@code Listener}: the server socket, the HTTP-phase pipeline of each accepted connection, the
 * routes and the open WebSocket connections (for the stops).
 *
 * <p>Thread safety: {@link #start} and the stops are synchronized; the routes and the connection set are concurrent.
 */
public final class ListenerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerRuntime.class);
    /** Outbound buffer bounds: writers wait above the high mark until the peer drains below the low one. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final int requestedPort;
    private final ListenerConfiguration config;
    /** The TLS context, or {@code null} for plain {@code ws://}. */
    private final ReloadingSslContext tls;
    private final RouteTable routes = new RouteTable();
    private final HttpRoutes httpRoutes = new HttpRoutes();
    /** Every accepted channel, upgraded (it knows its WebSocket connection) or still in the HTTP phase. */
    private final Set<AcceptedChannel> channels = ConcurrentHashMap.newKeySet();
    /** How many of {@link #channels} are open WebSocket connections. */
    private final AtomicInteger openConnections = new AtomicInteger();
    private Channel serverChannel;
    /** The facades ({@code Listener}, {@code HttpListener}) that called {@link #start}; guarded by this. */
    private final Set<Object> starters = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /**
     * Set by {@link #gracefulStop}: a connection that finishes its upgrade after the stop began is told to go away
     * as it registers. Together with the registration order (add, then read this), no connection escapes the 1001.
     */
    private volatile Duration stopTimeout;
    /** Set by {@link #immediateStop}: a channel accepted just before the stop is closed as it is initialised. */
    private volatile boolean stopped;
    /** Completed when a stop has finished: every connection closed and every service detached. */
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /**
     * Connections admitted under {@code maxConnections}: reserved before the 101, released when the channel closes or
     * the upgrade fails.
     */
    private final Reservations admitted;
    /** Accepted connections still in the HTTP phase, under {@code maxPendingUpgrades}; released on upgrade or close. */
    private final Reservations pendingUpgrades;
    /** When the last connection over {@code maxPendingUpgrades} was logged ({@link System#nanoTime()}), or 0. */
    private final AtomicLong lastPendingRefusalLogged = new AtomicLong();
    private final WebSocketMetrics metrics;
    /** The open connections by id and the groups; starts and stops the broker with the listener. */
    private final ListenerGroups groups;

    public ListenerRuntime(int port, ListenerConfiguration config) {
        this.requestedPort = port;
        this.config = config;
        this.tls = config.secureSocket() == null ? null : new ReloadingSslContext(config.secureSocket());
        this.metrics = WebSocketMetrics.of(config.meterRegistry(), WebSocketMetrics.SERVER);
        this.admitted = new Reservations(config.maxConnections());
        this.pendingUpgrades = new Reservations(config.maxPendingUpgrades());
        this.groups = new ListenerGroups(config.nodeId() != null ? config.nodeId() : UUID.randomUUID().toString(),
                config.broker(), GroupMetrics.of(config.meterRegistry()));
    }

    /** This listener's connection registry and groups. */
    public ListenerGroups groups() {
        return groups;
    }

    /** Where this listener's connections are counted. */
    public WebSocketMetrics metrics() {
        return metrics;
    }

    /** Whether {@code maxConnections} connections are open (or being opened) now; a quick check before the work. */
    boolean atConnectionLimit() {
        return admitted.isFull();
    }

    /** The places under {@code maxConnections}; each {@link AcceptedChannel} takes and gives back its own. */
    Reservations admittedConnections() {
        return admitted;
    }

    /** The places under {@code maxPendingUpgrades}; each {@link AcceptedChannel} takes and gives back its own. */
    Reservations pendingUpgrades() {
        return pendingUpgrades;
    }

    public ListenerConfiguration config() {
        return config;
    }

    public RouteTable routes() {
        return routes;
    }

    /** The plain HTTP routes of a shared listener. */
    public HttpRoutes httpRoutes() {
        return httpRoutes;
    }

    /**
     * Binds the port and starts accepting, on behalf of {@code starter}: the {@code Listener} or {@code HttpListener}
     * whose {@code start()} was called. The two facades of a shared port may each start once, in either order; the
     * first binds, the second finds the port bound and only records itself.
     *
     * @throws IllegalStateException when {@code starter} already started, the runtime was stopped, or the bind fails
     */
    public synchronized void start(Object starter) {
        if (stopped) {
            throw new IllegalStateException("listener on port " + port() + " was stopped; a stopped listener cannot"
                    + " start again: create a new one");
        }
        if (!starters.add(starter)) {
            throw new IllegalStateException("listener already started on port " + port());
        }
        if (serverChannel != null) {
            return;
        }
        try {
            bind();
        } catch (RuntimeException failure) {
            starters.remove(starter);
            throw failure;
        }
    }

    private void bind() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(EventLoops.server())
                .channel(EventLoops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initHttpPhase(channel);
                    }
                });
        if (tls != null) {
            tls.start();
        }
        InetSocketAddress address = new InetSocketAddress(config.host(), requestedPort);
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            if (tls != null) {
                tls.stop();
            }
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + requestedPort + ": "
                    + bindFailure(bound.cause()), bound.cause());
        }
        serverChannel = bound.channel();
        groups.start();
        LOG.info("listening on {}:{} ({}{})", config.host(), port(), EventLoops.transportName(),
                tls == null ? "" : ", wss with the " + tls.engine().description() + " TLS engine");
    }

    /** {@return why binding failed, in words: some causes (an unresolved host name) carry no message} */
    private static String bindFailure(Throwable cause) {
        if (cause instanceof java.nio.channels.UnresolvedAddressException) {
            return "the host name does not resolve";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private void initHttpPhase(SocketChannel channel) {
        var accepted = new AcceptedChannel(this, channel);
        channels.add(accepted);
        // The channel's only close listener: it gives back its places and takes it out of this listener.
        channel.closeFuture().addListener(accepted);
        if (stopped) {
            channel.close();
            return;
        }
        if (!accepted.reservePending()) {
            refuseOverPendingLimit(channel);
            return;
        }
        var pipeline = channel.pipeline();
        if (tls != null) {
            SslHandler handler = tls.newHandler(channel.alloc());
            handler.handshakeFuture().addListener(done -> {
                if (!done.isSuccess()) {
                    LOG.debug("TLS handshake with {} failed: {}", channel.remoteAddress(), done.cause().toString());
                }
            });
            pipeline.addLast(WebSocketUpgrade.TLS, handler);
        }
        if (!config.timeout().isZero()) {
            pipeline.addLast(WebSocketUpgrade.HTTP_IDLE,
                    new IdleStateHandler(SaturatingDurations.toNanos(config.timeout()), 0, 0, TimeUnit.NANOSECONDS));
        }
        RequestHeadDeadline headDeadline = null;
        if (!config.requestHeadTimeout().isZero()) {
            headDeadline = new RequestHeadDeadline(config.requestHeadTimeout());
            pipeline.addLast(WebSocketUpgrade.HTTP_HEAD_DEADLINE, headDeadline);
        }
        int limitSlack = 64;
        var decoder = new UpgradeAwareRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(config.requestLimits().maxUriLength() + limitSlack)
                .setMaxHeaderSize(config.requestLimits().maxHeaderSize())
                .setMaxChunkSize(8192));
        pipeline.addLast(WebSocketUpgrade.HTTP_DECODER, decoder);
        pipeline.addLast(WebSocketUpgrade.HTTP_ENCODER, new HttpResponseEncoder());
        pipeline.addLast(WebSocketUpgrade.HTTP_HANDLER, new HttpUpgradeHandler(this, tls != null, decoder,
                headDeadline, accepted));
    }

    /**
     * {@code maxPendingUpgrades} connections are in the HTTP phase: this one is closed before anything is read from it
     * or any TLS handshake starts, so a flood of slow clients costs next to nothing. Logged at most once a second.
     */
    private void refuseOverPendingLimit(SocketChannel channel) {
        long now = System.nanoTime();
        long last = lastPendingRefusalLogged.get();
        if ((last == 0 || now - last >= TimeUnit.SECONDS.toNanos(1))
                && lastPendingRefusalLogged.compareAndSet(last, now)) {
            LOG.warn("closed a connection from {} at once: {} connections are in the HTTP phase "
                    + "(ListenerConfiguration.maxPendingUpgrades={}); further ones are logged at most once a second",
                    channel.remoteAddress(), pendingUpgrades.held(), config.maxPendingUpgrades());
        }
        channel.close();
    }

    /** The bound port, or the requested one before {@link #start}. */
    public synchronized int port() {
        if (serverChannel == null) {
            return requestedPort;
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public synchronized boolean isStarted() {
        return serverChannel != null && serverChannel.isOpen();
    }

    /**
     * On the connection's event loop, just before its 101 is written: {@code channel} is now {@code connection}, and
     * its {@code caller} is registered with the groups under {@code servicePath} until the channel closes.
     */
    void register(AcceptedChannel channel, WebSocketConnection connection, ConnectionCaller caller,
                  String servicePath) {
        groups.opened(caller, servicePath);
        openConnections.incrementAndGet();
        if (!channel.upgraded(connection, caller)) {
            return;
        }
        Duration stopping = stopTimeout;
        if (stopping != null) {
            // After the upgrade task has finished, so the service has its onOpen before the close.
            connection.channel().eventLoop().execute(() -> goAway(connection, stopping));
        }
    }

    /** Event loop: {@code channel} closed; when it was upgraded ({@code caller} is set) it also leaves the groups. */
    void closed(AcceptedChannel channel, ConnectionCaller caller) {
        channels.remove(channel);
        if (caller != null) {
            openConnections.decrementAndGet();
            groups.closed(caller);
        }
    }

    /** Open WebSocket connections right now. */
    public int openConnections() {
        return openConnections.get();
    }

    /**
     * Stops accepting, sends 1001 Going Away to every open connection, waits for their closing handshakes up to
     * {@code requested} (at most {@link SaturatingDurations#PRACTICALLY_FOREVER}), then drops whatever is still open.
     */
    public void gracefulStop(Duration requested) {
        Duration timeout = SaturatingDurations.capped(requested);
        closeServerChannel();
        stopTimeout = timeout;
        for (AcceptedChannel channel : channels) {
            WebSocketConnection connection = channel.connection();
            if (connection != null) {
                goAway(connection, timeout);
            }
        }
        awaitConnectionsGone(SaturatingDurations.deadline(System.nanoTime(), timeout.plusSeconds(1)), timeout);
        immediateStop();
    }

    private static void goAway(WebSocketConnection connection, Duration timeout) {
        try {
            connection.closeAsync(WebSocketProtocol.CLOSE_GOING_AWAY, "", timeout);
        } catch (RuntimeException alreadyClosing) {
            LOG.debug("connection {} was already closing", connection.id());
        }
    }

    /**
     * Waits until no WebSocket connection is left or {@code deadline} ({@link System#nanoTime()}) passes; connections
     * whose upgrade completes meanwhile are waited for too.
     */
    private void awaitConnectionsGone(long deadline, Duration timeout) {
        while (openConnections.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn("{} connections did not finish closing within {}; dropping them", openConnections.get(),
                        timeout);
                return;
            }
            List<CompletableFuture<Void>> closed = new ArrayList<>();
            for (AcceptedChannel channel : channels) {
                if (channel.connection() == null) {
                    continue;
                }
                CompletableFuture<Void> done = new CompletableFuture<>();
                channel.channel().closeFuture().addListener(f -> done.complete(null));
                closed.add(done);
            }
            try {
                CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException notYet) {
                // The loop checks the deadline again.
            }
        }
    }

    /** Stops accepting and drops every connection at once (peers see 1006). */
    public void immediateStop() {
        closeServerChannel();
        stopped = true;
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (AcceptedChannel accepted : channels) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            accepted.channel().close().addListener(f -> done.complete(null));
            closed.add(done);
        }
        CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).join();
        // The services are gone with the listener: their authenticators release what they hold.
        routes.clear();
        groups.stop();
        terminated.complete(null);
    }

    /** Completes when a stop (graceful or immediate) has finished; never fails. */
    public CompletableFuture<Void> termination() {
        return terminated;
    }

    /** Whether {@link #start} has bound the port at some point (the listener may have stopped since). */
    public synchronized boolean wasStarted() {
        return serverChannel != null;
    }

    private synchronized void closeServerChannel() {
        if (tls != null) {
            tls.stop();
        }
        if (serverChannel != null && serverChannel.isOpen()) {
            serverChannel.close().awaitUninterruptibly();
            LOG.info("stopped listening on port {}", port());
        }
    }
}
