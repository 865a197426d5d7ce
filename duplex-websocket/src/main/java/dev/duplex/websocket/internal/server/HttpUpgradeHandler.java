package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.KeepAlive;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.UpgradeException;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.dispatch.Workers;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import dev.duplex.websocket.internal.tls.PeerCertificates;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP phase of a listener connection: applies the request limits (414, 431, 413), finds the service (404),
 * validates the handshake (RFC 6455 §4.2.1: 405, 426, 400), asks the {@link dev.duplex.websocket.UpgradeService} on a
 * worker, then answers with 101 and hands the connection to {@link WebSocketUpgrade} — or with the refusal.
 *
 * <p>Requests on one connection are handled one at a time; while one is being decided, later pipelined requests wait
 * (at most {@code http1Settings.maxPipelinedRequests}; beyond that 503 and the connection closes).
 *
 * <p>Thread safety: every field is owned by the channel's event loop; the upgrade service's answer is brought back
 * to it before anything else happens.
 */
final class HttpUpgradeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpUpgradeHandler.class);

    private final ListenerRuntime listener;
    private final ListenerConfiguration config;
    private final boolean secure;

    private HttpRequest current;
    private long bodyBytes;
    private boolean deciding;
    private boolean done;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private int waitingRequests;

    HttpUpgradeHandler(ListenerRuntime listener, boolean secure) {
        this.listener = listener;
        this.config = listener.config();
        this.secure = secure;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (deciding) {
            waiting.add(msg);
            if (msg instanceof HttpRequest && ++waitingRequests > config.http1Settings().maxPipelinedRequests()) {
                respondAndClose(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "more than "
                        + config.http1Settings().maxPipelinedRequests() + " pipelined requests");
            }
            return;
        }
        handle(ctx, msg);
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                if (!start(ctx, request)) {
                    return;
                }
            }
            if (msg instanceof HttpContent content) {
                if (current == null) {
                    return;
                }
                bodyBytes += content.content().readableBytes();
                long limit = config.requestLimits().maxEntityBodySize();
                if (limit >= 0 && bodyBytes > limit) {
                    respondAndClose(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body exceeds "
                            + limit + " bytes (requestLimits.maxEntityBodySize)");
                    return;
                }
                if (msg instanceof LastHttpContent) {
                    HttpRequest request = current;
                    current = null;
                    decide(ctx, request);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Checks the request line and headers; returns whether the request may go on. */
    private boolean start(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                respondAndClose(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request URI exceeds "
                        + config.requestLimits().maxUriLength() + " bytes (requestLimits.maxUriLength)");
            } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                respondAndClose(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers exceed "
                        + config.requestLimits().maxHeaderSize() + " bytes (requestLimits.maxHeaderSize)");
            } else {
                respondAndClose(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            }
            return false;
        }
        if (request.uri().length() > config.requestLimits().maxUriLength()) {
            respondAndClose(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request URI of " + request.uri().length()
                    + " bytes exceeds " + config.requestLimits().maxUriLength() + " (requestLimits.maxUriLength)");
            return false;
        }
        long limit = config.requestLimits().maxEntityBodySize();
        long declared = HttpUtil.getContentLength(request, -1L);
        if (limit >= 0 && declared > limit) {
            respondAndClose(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body of " + declared
                    + " bytes exceeds " + limit + " (requestLimits.maxEntityBodySize)");
            return false;
        }
        current = request;
        bodyBytes = 0;
        return true;
    }

    /** The whole request arrived: route it, validate the handshake and ask the upgrade service. */
    private void decide(ChannelHandlerContext ctx, HttpRequest request) {
        QueryStringDecoder query;
        List<String> segments = new ArrayList<>();
        try {
            query = new QueryStringDecoder(request.uri());
            String rawPath = request.uri();
            int q = rawPath.indexOf('?');
            if (q >= 0) {
                rawPath = rawPath.substring(0, q);
            }
            for (String segment : PathTemplate.split(rawPath)) {
                segments.add(QueryStringDecoder.decodeComponent(segment));
            }
            query.parameters();
        } catch (IllegalArgumentException malformed) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request URI", Map.of(), false);
            return;
        }
        RouteTable.Match match = listener.routes().match(segments);
        if (match == null) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "no service at " + query.path(), Map.of(), true);
            return;
        }
        String refusal = checkHandshake(ctx, request);
        if (refusal != null) {
            return;
        }
        deciding = true;
        ctx.channel().config().setAutoRead(false);
        var upgradeRequest = new DefaultUpgradeRequest(request, query, match.pathParams(),
                (InetSocketAddress) ctx.channel().remoteAddress(), secure, PeerCertificates.of(ctx.channel()));
        String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        Workers.executor().execute(() -> askUpgradeService(ctx, request, match.route(), upgradeRequest, key));
    }

    /** RFC 6455 §4.2.1; sends the refusal and returns its text, or returns {@code null} when the handshake is valid. */
    private String checkHandshake(ChannelHandlerContext ctx, HttpRequest request) {
        var headers = request.headers();
        if (!HttpMethod.GET.equals(request.method())) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "a WebSocket upgrade must use GET, not "
                    + request.method(), Map.of("Allow", "GET"), true);
            return "method";
        }
        if (!HandshakeRules.containsToken(headers.get(HttpHeaderNames.UPGRADE), "websocket")) {
            respond(ctx, request, HttpResponseStatus.UPGRADE_REQUIRED, "this is a WebSocket endpoint: send an "
                    + "upgrade request (Upgrade: websocket)", Map.of("Upgrade", "websocket", "Sec-WebSocket-Version",
                    WebSocketProtocol.VERSION), true);
            return "upgrade";
        }
        if (!HandshakeRules.containsToken(headers.get(HttpHeaderNames.CONNECTION), "upgrade")) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "the Connection header must contain Upgrade",
                    Map.of(), true);
            return "connection";
        }
        if (request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) < 0) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "a WebSocket upgrade needs HTTP/1.1", Map.of(),
                    false);
            return "version";
        }
        if (!WebSocketProtocol.VERSION.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            respond(ctx, request, HttpResponseStatus.UPGRADE_REQUIRED, "unsupported Sec-WebSocket-Version "
                    + headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION) + "; this server speaks 13",
                    Map.of("Sec-WebSocket-Version", WebSocketProtocol.VERSION), true);
            return "ws-version";
        }
        if (!HandshakeRules.isValidKey(headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "missing or malformed Sec-WebSocket-Key",
                    Map.of(), true);
            return "key";
        }
        if (!headers.contains(HttpHeaderNames.HOST)) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "missing Host header", Map.of(), true);
            return "host";
        }
        return null;
    }

    /** On a worker: runs the upgrade service, then returns to the event loop with its answer. */
    private void askUpgradeService(ChannelHandlerContext ctx, HttpRequest request, RouteTable.Route route,
                                   DefaultUpgradeRequest upgradeRequest, String key) {
        Service service;
        ServiceModel model;
        try {
            service = route.upgradeService().onUpgrade(upgradeRequest);
            if (service == null) {
                throw new IllegalStateException("the upgrade service at " + route.template() + " returned null");
            }
            model = ServiceModel.of(service.getClass());
        } catch (UpgradeException refused) {
            ctx.executor().execute(() -> {
                deciding = false;
                respond(ctx, request, HttpResponseStatus.valueOf(refused.status()),
                        refused.getMessage() == null ? "" : refused.getMessage(), refused.headers(), true);
            });
            return;
        } catch (RuntimeException | Error failure) {
            LOG.error("upgrade service at {} failed for {}; answering 500", route.template(), upgradeRequest,
                    failure);
            ctx.executor().execute(() -> {
                deciding = false;
                respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "upgrade failed", Map.of(), true);
            });
            return;
        }
        ctx.executor().execute(() -> accept(ctx, route.config(), upgradeRequest, service, model, key));
    }

    /** On the event loop: sends 101 and turns the channel into a WebSocket connection. */
    private void accept(ChannelHandlerContext ctx, WsServiceConfig serviceConfig, DefaultUpgradeRequest request,
                        Service service, ServiceModel model, String key) {
        deciding = false;
        done = true;
        releaseWaiting();
        if (!ctx.channel().isActive()) {
            return;
        }
        String subProtocol = HandshakeRules.selectSubProtocol(request.subProtocols(), serviceConfig.subProtocols());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
        var headers = response.headers();
        headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, HandshakeRules.acceptFor(key));
        if (subProtocol != null) {
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subProtocol);
        }
        if (config.server() != null) {
            headers.set(HttpHeaderNames.SERVER, config.server());
        }
        request.responseHeaders().forEach(headers::add);
        WebSocketUpgrade.complete(ctx, this, response, listener, serviceConfig, request, service, model, subProtocol,
                secure);
    }

    private void releaseWaiting() {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        waitingRequests = 0;
    }

    private void respondAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        done = true;
        releaseWaiting();
        ctx.writeAndFlush(response(status, body, Map.of(), false)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Sends an HTTP response; keeps the connection when {@code keepAllowed} and the keep-alive policy agree, and then
     * goes on with the requests waiting behind this one.
     */
    private void respond(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String body,
                         Map<String, String> extraHeaders, boolean keepAllowed) {
        boolean keep = keepAllowed && switch (config.http1Settings().keepAlive()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> HttpUtil.isKeepAlive(request);
        };
        if (!keep) {
            respondAndCloseWith(ctx, response(status, body, extraHeaders, false));
            return;
        }
        ctx.writeAndFlush(response(status, body, extraHeaders, true));
        ctx.channel().config().setAutoRead(true);
        while (!deciding && !done && !waiting.isEmpty()) {
            Object next = waiting.poll();
            if (next instanceof HttpRequest) {
                waitingRequests--;
            }
            handle(ctx, next);
        }
    }

    private void respondAndCloseWith(ChannelHandlerContext ctx, FullHttpResponse response) {
        done = true;
        releaseWaiting();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private FullHttpResponse response(HttpResponseStatus status, String body, Map<String, String> extraHeaders,
                                      boolean keepAlive) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        var headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (config.server() != null) {
            headers.set(HttpHeaderNames.SERVER, config.server());
        }
        extraHeaders.forEach(headers::set);
        headers.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return response;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (!deciding) {
                LOG.debug("closing {}: silent for {} during the HTTP phase (ListenerConfiguration.timeout)",
                        ctx.channel().remoteAddress(), config.timeout());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP phase of {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

}
