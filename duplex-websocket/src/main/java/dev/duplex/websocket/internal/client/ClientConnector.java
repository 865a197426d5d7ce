package dev.duplex.websocket.internal.client;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.HandshakeTimeoutException;
import dev.duplex.websocket.SslException;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.internal.connection.ConnectionListener;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import dev.duplex.websocket.internal.tls.ClientTls;
import dev.duplex.websocket.internal.tls.TlsFailures;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Opens a client connection: TCP connect (through an HTTP {@code CONNECT} tunnel when a proxy is configured), TLS for
 * {@code wss}, and the opening handshake, all bounded by {@code handShakeTimeout}, which stops applying once the
 * handshake is done.
 *
 * <p>Thread safety: stateless; {@link #connect} may be called from any thread.
 */
public final class ClientConnector {
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    private static final int MAX_HANDSHAKE_RESPONSE = 1 << 20;

    private ClientConnector() {
    }

    /**
     * Starts connecting; the future completes with the open session or fails with a {@link WebSocketException}.
     *
     * @param tls the client's TLS context for {@code wss} URLs (built once per client), {@code null} for {@code ws}
     */
    public static CompletableFuture<ClientSession> connect(WebSocketUrl url, ClientConfiguration config, ClientTls tls,
                                                           Function<WebSocketConnection, ConnectionListener> listeners) {
        CompletableFuture<ClientSession> session = new CompletableFuture<>();
        String authorization;
        try {
            authorization = config.auth() == null ? null : config.auth().authorizationHeader();
        } catch (WebSocketException failure) {
            session.completeExceptionally(failure);
            return session;
        } catch (RuntimeException failure) {
            session.completeExceptionally(new dev.duplex.websocket.AuthenticationException(
                    "cannot obtain credentials for " + url.url() + ": " + failure.getMessage(), failure));
            return session;
        }
        if (url.secure() && tls == null) {
            session.completeExceptionally(new SslException("no TLS context for " + url.url()));
            return session;
        }
        long timeoutMillis = Math.min(SaturatingDurations.toMillis(config.handShakeTimeout()), Integer.MAX_VALUE);
        dev.duplex.websocket.ProxyConfig proxy = config.proxy();
        java.net.InetSocketAddress proxyAddress = proxy == null ? null
                : new java.net.InetSocketAddress(proxy.host(), proxy.port());
        Bootstrap bootstrap = new Bootstrap()
                .group(EventLoops.client())
                .channel(EventLoops.socketChannelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeoutMillis))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        var pipeline = channel.pipeline();
                        if (proxyAddress != null) {
                            // First in the pipeline: the tunnel carries TLS and WebSocket alike; writes wait in it
                            // until the proxy has answered CONNECT.
                            var tunnel = proxy.username() == null ? new HttpProxyHandler(proxyAddress)
                                    : new HttpProxyHandler(proxyAddress, proxy.username(), proxy.password());
                            tunnel.setConnectTimeoutMillis(Math.max(1, timeoutMillis));
                            pipeline.addFirst("proxy", tunnel);
                        }
                        if (url.secure()) {
                            SslHandler handler = tls.newHandler(channel.alloc(), url.host(), url.port(),
                                    config.handShakeTimeout());
                            // The handshake future fails before the queued upgrade request does: its cause is the
                            // precise one. A failure the engine decided (an alert, a certificate, a timeout) is set
                            // while the channel is still open; when the channel is already closed, the connection
                            // never opened or the peer dropped it, and the connect or close path reports that as a
                            // ConnectionException (which retries apply to).
                            handler.handshakeFuture().addListener(done -> {
                                if (!done.isSuccess() && channel.isActive() && TlsFailures.isTls(done.cause())) {
                                    session.completeExceptionally(tls.describe(done.cause(), url.url()));
                                }
                            });
                            pipeline.addLast("tls", handler);
                        }
                        pipeline.addLast(ClientHandshakeHandler.HTTP_CODEC, new HttpClientCodec());
                        pipeline.addLast(ClientHandshakeHandler.HTTP_AGGREGATOR,
                                new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE));
                        pipeline.addLast("handshake", new ClientHandshakeHandler(url, config, authorization, session,
                                listeners));
                    }
                });
        // Through a proxy, the server's name is the proxy's to resolve (CONNECT host:port).
        var connected = proxyAddress == null ? bootstrap.connect(url.host(), url.port())
                : bootstrap.resolver(NoopAddressResolverGroup.INSTANCE)
                        .connect(java.net.InetSocketAddress.createUnresolved(url.host(), url.port()));
        Channel channel = connected.channel();
        ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> {
            if (session.completeExceptionally(new HandshakeTimeoutException("the opening handshake with "
                    + url.url() + " did not complete within " + config.handShakeTimeout()
                    + " (ClientConfiguration.handShakeTimeout)"))) {
                channel.close();
            }
        }, SaturatingDurations.toNanos(config.handShakeTimeout()), TimeUnit.NANOSECONDS);
        session.whenComplete((s, e) -> timeout.cancel(false));
        connected.addListener(done -> {
            if (!done.isSuccess()) {
                session.completeExceptionally(describeFailure(url, done.cause()));
            }
        });
        return session;
    }

    /** The typed exception for a failure while connecting. */
    static WebSocketException describeFailure(WebSocketUrl url, Throwable cause) {
        if (cause instanceof WebSocketException typed) {
            return typed;
        }
        if (cause instanceof ProxyConnectException refused) {
            return new ConnectionException("cannot connect to " + url.url() + " through the proxy: "
                    + refused.getMessage(), refused);
        }
        if (TlsFailures.isTls(cause)) {
            return TlsFailures.classify(cause, url.url(), "handshakeTimeout (ClientSecureSocket.handshakeTimeout)");
        }
        return new ConnectionException("cannot connect to " + url.url() + ": " + cause.getMessage(), cause);
    }
}
