package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
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
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
    private final Set<WebSocketConnection> connections = ConcurrentHashMap.newKeySet();
    /** Every accepted channel, upgraded or still in the HTTP phase. */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private Channel serverChannel;

    public ListenerRuntime(int port, ListenerConfiguration config) {
        this.requestedPort = port;
        this.config = config;
        this.tls = config.secureSocket() == null ? null : new ReloadingSslContext(config.secureSocket());
    }

    public ListenerConfiguration config() {
        return config;
    }

    public RouteTable routes() {
        return routes;
    }

    /** Binds the port and starts accepting. @throws IllegalStateException when already started or the bind fails */
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("listener already started on port " + port());
        }
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
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(config.host(), requestedPort)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + requestedPort + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        serverChannel = bound.channel();
        LOG.info("listening on {}:{} ({}{})", config.host(), port(), EventLoops.transportName(),
                tls == null ? "" : ", wss with the " + tls.engine().description() + " TLS engine");
    }

    private void initHttpPhase(SocketChannel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
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
                    new IdleStateHandler(config.timeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        }
        int limitSlack = 64;
        pipeline.addLast(WebSocketUpgrade.HTTP_DECODER, new HttpRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(config.requestLimits().maxUriLength() + limitSlack)
                .setMaxHeaderSize(config.requestLimits().maxHeaderSize())
                .setMaxChunkSize(8192)));
        pipeline.addLast(WebSocketUpgrade.HTTP_ENCODER, new HttpResponseEncoder());
        pipeline.addLast(WebSocketUpgrade.HTTP_HANDLER, new HttpUpgradeHandler(this, tls != null));
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

    void register(WebSocketConnection connection) {
        connections.add(connection);
        connection.channel().closeFuture().addListener(f -> connections.remove(connection));
    }

    /** Open WebSocket connections right now. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Stops accepting, sends 1001 Going Away to every open connection, waits for their closing handshakes up to
     * {@code timeout}, then drops whatever is still open.
     */
    public void gracefulStop(Duration timeout) {
        closeServerChannel();
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (WebSocketConnection connection : connections) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            connection.channel().closeFuture().addListener(f -> done.complete(null));
            closed.add(done);
            try {
                connection.closeAsync(WebSocketProtocol.CLOSE_GOING_AWAY, "", timeout);
            } catch (RuntimeException alreadyClosing) {
                LOG.debug("connection {} was already closing", connection.id());
            }
        }
        try {
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new))
                    .get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception timedOut) {
            LOG.warn("{} connections did not finish closing within {}; dropping them", connections.size(), timeout);
        }
        immediateStop();
    }

    /** Stops accepting and drops every connection at once (peers see 1006). */
    public void immediateStop() {
        closeServerChannel();
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Channel channel : channels) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            channel.close().addListener(f -> done.complete(null));
            closed.add(done);
        }
        CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).join();
    }

    private synchronized void closeServerChannel() {
        if (serverChannel != null && serverChannel.isOpen()) {
            serverChannel.close().awaitUninterruptibly();
            LOG.info("stopped listening on port {}", port());
        }
    }
}
