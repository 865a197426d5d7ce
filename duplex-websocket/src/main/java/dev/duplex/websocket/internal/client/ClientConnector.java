package dev.duplex.websocket.internal.client;

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
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

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

    /** Starts connecting; the future completes with the open session or fails with a {@link WebSocketException}. */
    public static CompletableFuture<ClientSession> connect(WebSocketUrl url, ClientConfiguration config,
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
        SslContext ssl;
        try {
            ssl = url.secure() ? defaultSslContext() : null;
        } catch (SSLException e) {
            session.completeExceptionally(new SslException("cannot set up TLS for " + url.url() + ": "
                    + e.getMessage(), e));
            return session;
        }
        long timeoutMillis = Math.min(config.handShakeTimeout().toMillis(), Integer.MAX_VALUE);
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
                        if (ssl != null) {
                            SslHandler handler = ssl.newHandler(channel.alloc(), url.host(), url.port());
                            var parameters = handler.engine().getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            handler.engine().setSSLParameters(parameters);
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
        }, config.handShakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        session.whenComplete((s, e) -> timeout.cancel(false));
        connected.addListener(done -> {
            if (!done.isSuccess()) {
                session.completeExceptionally(describeFailure(url, done.cause()));
            }
        });
        return session;
    }

    private static final class DefaultSsl {
        static final SslContext CONTEXT;
        static final SSLException FAILURE;

        static {
            SslContext context = null;
            SSLException failure = null;
            try {
                context = SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                failure = e;
            }
            CONTEXT = context;
            FAILURE = failure;
        }
    }

    private static SslContext defaultSslContext() throws SSLException {
        if (DefaultSsl.FAILURE != null) {
            throw DefaultSsl.FAILURE;
        }
        return DefaultSsl.CONTEXT;
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
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof SSLHandshakeException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof SSLException || cause instanceof SSLException
                || cause instanceof io.netty.handler.codec.DecoderException
                && cause.getCause() instanceof SSLException) {
            return new SslException("TLS handshake with " + url.url() + " failed: " + root.getMessage(), cause);
        }
        return new ConnectionException("cannot connect to " + url.url() + ": " + cause.getMessage(), cause);
    }
}
