package dev.duplex.websocket.internal.client;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.HandshakeResponse;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.internal.connection.ConnectionHandler;
import dev.duplex.websocket.internal.connection.ConnectionListener;
import dev.duplex.websocket.internal.connection.ConnectionSettings;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.metrics.WebSocketMetrics;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import dev.duplex.websocket.internal.protocol.MessageDeflater;
import dev.duplex.websocket.internal.protocol.MessageInflater;
import dev.duplex.websocket.internal.protocol.PerMessageDeflate;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import dev.duplex.websocket.internal.tls.TlsFailures;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.ClientCookieEncoder;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.util.ReferenceCountUtil;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The client's opening handshake (RFC 6455 §4.1): sends the upgrade request when the channel is ready, checks the
 * answer, and on a valid 101 turns the channel into a WebSocket connection and completes the session future. A refusal
 * completes it with {@link InvalidHandshakeException} carrying the response; a response the HTTP decoder could not
 * parse completes it with {@link InvalidHandshakeException} without one.
 *
 * <p>Thread safety: runs on the channel's event loop.
 */
final class ClientHandshakeHandler extends ChannelInboundHandlerAdapter {
    static final String HTTP_CODEC = "http-codec";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    private static final int BODY_EXCERPT = 4096;

    private final WebSocketUrl url;
    private final ClientConfiguration config;
    /** The {@code Authorization} header value, obtained before connecting, or {@code null}. */
    private final String authorization;
    private final String key = HandshakeRules.newKey();
    private final CompletableFuture<ClientSession> session;
    /** Makes the connection's listener: a {@link ClientInbox} for reads, or a push client's service dispatcher. */
    private final Function<WebSocketConnection, ConnectionListener> listeners;
    /** What the server agreed for permessage-deflate; set by {@link #check}. */
    private PerMessageDeflate.Agreement deflate;

    ClientHandshakeHandler(WebSocketUrl url, ClientConfiguration config, String authorization,
                           CompletableFuture<ClientSession> session,
                           Function<WebSocketConnection, ConnectionListener> listeners) {
        this.url = url;
        this.config = config;
        this.authorization = authorization;
        this.session = session;
        this.listeners = listeners;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, url.requestTarget(),
                Unpooled.EMPTY_BUFFER);
        var headers = request.headers();
        headers.set(HttpHeaderNames.HOST, url.hostHeader());
        headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HttpHeaderNames.SEC_WEBSOCKET_KEY, key);
        headers.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketProtocol.VERSION);
        if (!config.subProtocols().isEmpty()) {
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, String.join(", ", config.subProtocols()));
        }
        if (config.webSocketCompressionEnabled()) {
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
                    PerMessageDeflate.offer(PerMessageDeflate.Preferences.DEFAULT));
        }
        if (!config.cookies().isEmpty()) {
            List<io.netty.handler.codec.http.cookie.Cookie> cookies = new ArrayList<>();
            for (HttpCookie cookie : config.cookies()) {
                cookies.add(new DefaultCookie(cookie.getName(), cookie.getValue()));
            }
            headers.set(HttpHeaderNames.COOKIE, ClientCookieEncoder.LAX.encode(cookies));
        }
        config.customHeaders().forEach(headers::set);
        if (authorization != null) {
            headers.set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        ctx.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess() && TlsFailures.isTls(written.cause())) {
                fail(ctx, ClientConnector.describeFailure(url, written.cause()));
            } else if (!written.isSuccess()) {
                fail(ctx, new ConnectionException("cannot send the upgrade request to " + url.url() + ": "
                        + written.cause(), written.cause()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse response)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (response.decoderResult().isFailure()) {
                // Whatever the decoder kept of it (a status it made up, the headers before the fault) is not the
                // server's answer: it can neither open the connection nor be reported as the response.
                fail(ctx, new InvalidHandshakeException("Invalid handshake response from " + url.url()
                        + ": malformed HTTP response (" + response.decoderResult().cause().getMessage() + ")"));
                return;
            }
            HandshakeResponse answer = toHandshakeResponse(response);
            WebSocketMetrics.of(config.meterRegistry(), WebSocketMetrics.CLIENT).handshake(answer.status());
            String problem = check(answer);
            if (problem != null) {
                fail(ctx, new InvalidHandshakeException(problem, answer));
                return;
            }
            open(ctx, answer);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** What is wrong with the server's answer, or {@code null} when it is a valid 101 for this request. */
    private String check(HandshakeResponse answer) {
        if (answer.status() != 101) {
            String body = answer.body().isBlank() ? "" : ": " + answer.body().strip();
            return "Invalid handshake response from " + url.url() + ": " + answer.status() + " "
                    + reasonPhrase(answer.status()) + body;
        }
        if (!"websocket".equalsIgnoreCase(answer.header("upgrade"))) {
            return "Invalid handshake response: Upgrade is '" + answer.header("upgrade") + "', expected websocket";
        }
        if (!HandshakeRules.containsToken(answer.header("connection"), "upgrade")) {
            return "Invalid handshake response: Connection is '" + answer.header("connection")
                    + "', expected Upgrade";
        }
        String expected = HandshakeRules.acceptFor(key);
        if (!expected.equals(answer.header("sec-websocket-accept"))) {
            return "Invalid handshake response: Sec-WebSocket-Accept is '" + answer.header("sec-websocket-accept")
                    + "', expected '" + expected + "'";
        }
        List<String> extensions = answer.headers().getOrDefault("sec-websocket-extensions", List.of());
        if (!extensions.isEmpty()) {
            if (!config.webSocketCompressionEnabled()) {
                return "Invalid handshake response: the server agreed to extensions this client did not offer: "
                        + extensions;
            }
            try {
                deflate = PerMessageDeflate.confirm(extensions, PerMessageDeflate.Preferences.DEFAULT);
            } catch (IllegalArgumentException wrong) {
                return "Invalid handshake response: " + wrong.getMessage();
            }
        }
        String protocol = answer.header("sec-websocket-protocol");
        if (protocol != null && !config.subProtocols().contains(protocol)) {
            return "Invalid subprotocol: the server chose '" + protocol + "', but this client offered "
                    + config.subProtocols();
        }
        if (protocol == null && !config.subProtocols().isEmpty()) {
            return "Invalid subprotocol: this client offered " + config.subProtocols()
                    + " and the server accepted none of them (its response has no Sec-WebSocket-Protocol)";
        }
        return null;
    }

    private void open(ChannelHandlerContext ctx, HandshakeResponse answer) {
        var channel = ctx.channel();
        // Writes return once queued, as the server's do (a later call reports a write that failed afterwards, see
        // ClientInbox#takeUnreportedFailure); with retries they wait for the socket, so a failed write can be sent
        // again on a new connection.
        var settings = new ConnectionSettings(Duration.ofSeconds(60), SaturatingDurations.capped(config.writeTimeout()),
                "ClientConfiguration.writeTimeout", config.retryConfig() != null);
        var writer = new FrameWriter(channel.alloc(), true, config.maxFrameSize());
        if (deflate != null) {
            writer.compressWith(new MessageDeflater(deflate.clientNoContextTakeover(), deflate.clientMaxWindowBits(),
                    dev.duplex.websocket.WsServiceConfig.DEFAULT_COMPRESSION_THRESHOLD));
        }
        var connection = new WebSocketConnection(channel, writer, settings, answer.header("sec-websocket-protocol"),
                url.secure());
        connection.measuredBy(WebSocketMetrics.of(config.meterRegistry(), WebSocketMetrics.CLIENT));
        ConnectionListener listener = listeners.apply(connection);
        var handler = new ConnectionHandler(connection, listener, false,
                config.maxFrameSize(), "ClientConfiguration.maxFrameSize",
                config.maxMessageSize(), "ClientConfiguration.maxMessageSize");
        if (deflate != null) {
            handler.inflateWith(new MessageInflater(deflate.serverNoContextTakeover()));
        }
        if (!config.pingInterval().isZero()) {
            handler.keepAlive(SaturatingDurations.capped(config.pingInterval()),
                    SaturatingDurations.capped(config.pongTimeout()));
        }
        listener.readsFrom(handler);
        var pipeline = ctx.pipeline();
        pipeline.addLast("ws", handler);
        pipeline.remove(this);
        pipeline.remove(HTTP_AGGREGATOR);
        pipeline.remove(HTTP_CODEC);
        session.complete(new ClientSession(connection, listener instanceof ClientInbox inbox ? inbox : null, answer));
    }

    private static HandshakeResponse toHandshakeResponse(FullHttpResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : response.headers()) {
            headers.computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(entry.getValue());
        }
        int length = Math.min(response.content().readableBytes(), BODY_EXCERPT);
        String body = response.content().toString(response.content().readerIndex(), length, StandardCharsets.UTF_8);
        return new HandshakeResponse(response.status().code(), headers, body);
    }

    private static String reasonPhrase(int status) {
        return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    private void fail(ChannelHandlerContext ctx, WebSocketException failure) {
        session.completeExceptionally(failure);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, ClientConnector.describeFailure(url, cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.completeExceptionally(new ConnectionException("the server at " + url.url()
                + " closed the connection during the opening handshake"));
        ctx.fireChannelInactive();
    }
}
