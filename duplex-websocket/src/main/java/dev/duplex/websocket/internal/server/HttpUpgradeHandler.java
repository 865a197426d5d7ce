package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.dispatch.Workers;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import dev.duplex.websocket.internal.tls.PeerCertificates;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP phase of a listener connection, in order: the request head's checks ({@link RequestHeadCheck}: 414, 431,
 * 413), a plain HTTP route ({@link HttpRouteCall}, on a worker) or the WebSocket service ({@link RouteTable}: 404,
 * 405), the handshake's rules ({@link HandshakeCheck}: 405, 426, 400), the origin ({@link OriginPolicy}: 403), the
 * connection limit (503), then the route's decision ({@link UpgradeDecision}: authenticators and upgrade service,
 * on a worker unless the route runs on the event loop), and finally the 101 ({@link SwitchingProtocols}) and the
 * switch to WebSocket ({@link WebSocketUpgrade}) — or the refusal ({@link PlainResponses}).
 *
 * <p>This class holds the connection's HTTP-phase state and the thread hand-offs; the rules live in the classes
 * above. Requests on one connection are handled one at a time; while one is being decided, later pipelined requests
 * wait ({@link PipelinedRequests}: at most {@code http1Settings.maxPipelinedRequests}; beyond that 503 and the
 * connection closes). Anything that fails unexpectedly while answering is answered 500 ({@link #failed}).
 *
 * <p>Thread safety: every field is owned by the channel's event loop; the decisions made on workers are brought back
 * to it before anything else happens.
 */
final class HttpUpgradeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpUpgradeHandler.class);

    private final ListenerRuntime listener;
    private final ListenerConfiguration config;
    private final boolean secure;
    private final PlainResponses responses;
    /** Holds the bytes behind an upgrade request until it is decided. */
    private final UpgradeAwareRequestDecoder decoder;
    /** The request-head clock ({@code requestHeadTimeout}), or {@code null} when it is disabled. */
    private final RequestHeadDeadline headDeadline;
    /**
     * This channel in the listener: holds its place under {@code maxPendingUpgrades}, given back when it is upgraded
     * (or closes), and its place under {@code maxConnections}.
     */
    private final AcceptedChannel accepted;
    private final PipelinedRequests pipelined;

    /** The request whose head arrived and whose end has not, or {@code null}. */
    private HttpRequest current;
    private long bodyBytes;
    /** The plain HTTP route of the current request, or {@code null} when it is (meant as) an upgrade. */
    private HttpRoutes.Match httpRoute;
    /** The body of a request for an HTTP route; released when answered or on close. */
    private CompositeByteBuf httpBody;
    /** A request is being decided on a worker (or its answer is on its way back): later ones wait. */
    private boolean deciding;
    /** The connection was answered for good (upgraded, or refused with close): nothing more is read. */
    private boolean done;

    HttpUpgradeHandler(ListenerRuntime listener, boolean secure, UpgradeAwareRequestDecoder decoder,
                       RequestHeadDeadline headDeadline, AcceptedChannel accepted) {
        this.listener = listener;
        this.config = listener.config();
        this.secure = secure;
        this.responses = new PlainResponses(config.server());
        this.decoder = decoder;
        this.headDeadline = headDeadline;
        this.accepted = accepted;
        this.pipelined = new PipelinedRequests(config.http1Settings().maxPipelinedRequests());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (deciding) {
            if (!pipelined.add(msg)) {
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
                long limit = bodyLimit();
                if (limit >= 0 && bodyBytes > limit) {
                    respondAndClose(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body exceeds "
                            + limit + " bytes (requestLimits.maxEntityBodySize)");
                    return;
                }
                if (httpBody != null && content.content().isReadable()) {
                    httpBody.addComponent(true, content.content().retain());
                }
                if (msg instanceof LastHttpContent) {
                    HttpRequest request = current;
                    current = null;
                    if (httpRoute != null) {
                        serveHttp(ctx, request, httpRoute);
                    } else {
                        decide(ctx, request);
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Checks the request line and headers; returns whether the request may go on. */
    private boolean start(ChannelHandlerContext ctx, HttpRequest request) {
        if (headDeadline != null) {
            headDeadline.headArrived();
        }
        Refusal refusal = RequestHeadCheck.check(request, config.requestLimits());
        if (refusal != null) {
            respondAndClose(ctx, refusal.status(), refusal.body());
            return false;
        }
        current = request;
        bodyBytes = 0;
        httpRoute = null;
        if (!isUpgrade(request) && !listener.httpRoutes().isEmpty()) {
            List<String> segments = RequestTarget.segmentsOrNull(request.uri());
            httpRoute = segments == null ? null
                    : listener.httpRoutes().match(request.method().name(), segments);
            if (httpRoute != null) {
                httpBody = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            }
        }
        return true;
    }

    private static boolean isUpgrade(HttpRequest request) {
        return HandshakeRules.containsToken(request.headers().get(HttpHeaderNames.UPGRADE), "websocket");
    }

    /** The body limit: the configured one, or 1 MiB for HTTP routes when the configuration sets none. */
    private long bodyLimit() {
        long limit = config.requestLimits().maxEntityBodySize();
        return limit < 0 && httpRoute != null ? 1 << 20 : limit;
    }

    /** A request for a plain HTTP route: the handler runs on a worker, its answer is written on the event loop. */
    private void serveHttp(ChannelHandlerContext ctx, HttpRequest request, HttpRoutes.Match match) {
        byte[] body = ByteBufUtil.getBytes(httpBody);
        httpBody.release();
        httpBody = null;
        httpRoute = null;
        var call = new HttpRouteCall(request, match, body);
        boolean head = HttpMethod.HEAD.equals(request.method());
        deciding = true;
        ctx.channel().config().setAutoRead(false);
        Workers.executor().execute(() -> {
            dev.duplex.websocket.HttpResponse answer = call.answer();
            onEventLoop(ctx, () -> {
                deciding = false;
                send(ctx, request, responses.answer(answer, head), true);
            });
        });
    }

    /** The whole request arrived: route it, validate the handshake and ask the upgrade service. */
    private void decide(ChannelHandlerContext ctx, HttpRequest request) {
        QueryStringDecoder query;
        List<String> segments;
        try {
            String target = RequestTarget.originForm(request.uri());
            query = new QueryStringDecoder(target);
            segments = RequestTarget.segments(target);
            query.parameters();
        } catch (IllegalArgumentException malformed) {
            respond(ctx, request, new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed request URI", Map.of(),
                    false));
            return;
        }
        RouteTable.Match match = listener.routes().match(segments);
        Refusal refusal = match == null ? noRoute(request, segments, query.path())
                : handshakeRefusal(ctx, request, match.route(), query.path());
        if (refusal != null) {
            respond(ctx, request, refusal);
            return;
        }
        if (listener.atConnectionLimit()) {
            refuseForLimit(ctx, request);
            return;
        }
        deciding = true;
        var upgradeRequest = new DefaultUpgradeRequest(request, query, match.pathParams(),
                (InetSocketAddress) ctx.channel().remoteAddress(), secure, PeerCertificates.of(ctx.channel()));
        String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        RouteTable.Route route = match.route();
        upgradeRequest.attachedAt(route.template().toString());
        if (route.config().dispatchMode() == DispatchMode.EVENT_LOOP && route.config().auth().isEmpty()) {
            // An EVENT_LOOP service promises not to block, its upgrade service included (DispatchMode): deciding here
            // saves two thread hand-offs per handshake, and the answer (101 or refusal) is written before this read
            // returns, so reading need not pause (two epoll_ctl calls less). Authenticators may block (a directory, a
            // key fetch), so a route with any runs them on a worker whatever its mode.
            askRoute(ctx, request, route, upgradeRequest, key);
        } else {
            // Later requests and bytes wait in the socket until the worker's answer is back on the event loop.
            ctx.channel().config().setAutoRead(false);
            Workers.executor().execute(() -> askRoute(ctx, request, route, upgradeRequest, key));
        }
    }

    /**
     * 404 for a path no WebSocket service is at, or 405 for a plain request whose path an HTTP route serves with
     * another method. An upgrade to a path that only plain HTTP routes serve is a missing WebSocket service (404), not
     * a wrong method: GET is allowed there, just not as a WebSocket.
     */
    private Refusal noRoute(HttpRequest request, List<String> segments, String path) {
        boolean upgrade = isUpgrade(request);
        if (!upgrade && listener.httpRoutes().matchesOtherMethod(segments)) {
            return Refusal.of(HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed at " + path);
        }
        return Refusal.of(HttpResponseStatus.NOT_FOUND, (upgrade ? "no WebSocket service at " : "no service at ")
                + path);
    }

    /**
     * {@return why the handshake is refused before its service is asked (RFC 6455 §4.2.1, then the route's
     * {@code allowedOrigins}), or {@code null}}
     */
    private Refusal handshakeRefusal(ChannelHandlerContext ctx, HttpRequest request, RouteTable.Route route,
                                     String path) {
        Refusal handshakeRefusal = HandshakeCheck.check(request);
        if (handshakeRefusal != null) {
            return handshakeRefusal;
        }
        String originRefusal = OriginPolicy.refusal(request.headers().get(HttpHeaderNames.ORIGIN),
                request.headers().get(HttpHeaderNames.HOST), secure, route.config().allowedOrigins());
        if (originRefusal != null) {
            LOG.info("refused an upgrade to {} from {}: {}", path, ctx.channel().remoteAddress(), originRefusal);
            return Refusal.of(HttpResponseStatus.FORBIDDEN, originRefusal);
        }
        return null;
    }

    /**
     * On a worker, or on the event loop for an EVENT_LOOP route without authenticators: lets the route decide, then
     * applies its decision on the event loop.
     */
    private void askRoute(ChannelHandlerContext ctx, HttpRequest request, RouteTable.Route route,
                          DefaultUpgradeRequest upgradeRequest, String key) {
        UpgradeDecision decision = UpgradeDecision.of(route, upgradeRequest);
        onEventLoop(ctx, () -> {
            if (decision instanceof UpgradeDecision.Accepted accepted) {
                accept(ctx, request, route, upgradeRequest, accepted.service(), accepted.model(), key);
            } else {
                deciding = false;
                respond(ctx, request, ((UpgradeDecision.Refused) decision).refusal());
            }
        });
    }

    /**
     * Runs a step that must happen on the channel's event loop: at once when the decision was made there (an inline
     * upgrade service), else as a task from the worker. A step that fails is answered 500 (see {@link #failed}):
     * nothing that goes wrong in it can leave the connection without an answer.
     */
    private void onEventLoop(ChannelHandlerContext ctx, Runnable step) {
        Runnable guarded = () -> {
            try {
                step.run();
            } catch (RuntimeException | Error failure) {
                failed(ctx, failure);
            }
        };
        if (ctx.executor().inEventLoop()) {
            guarded.run();
        } else {
            ctx.executor().execute(guarded);
        }
    }

    /**
     * On the event loop, after an unexpected failure while answering: logs it, answers 500 and closes the connection
     * (or only closes it when the 101 already left).
     */
    private void failed(ChannelHandlerContext ctx, Throwable failure) {
        LOG.error("answering the request of {} failed; answering 500 and closing", ctx.channel().remoteAddress(),
                failure);
        deciding = false;
        done = true;
        pipelined.releaseAll();
        if (ctx.pipeline().get(WebSocketUpgrade.HTTP_ENCODER) == null) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(responses.internalServerError()).addListener(ChannelFutureListener.CLOSE);
    }

    /** On the event loop: reserves a connection slot, then sends 101 and turns the channel into a WebSocket one. */
    private void accept(ChannelHandlerContext ctx, HttpRequest httpRequest, RouteTable.Route route,
                        DefaultUpgradeRequest request, Service service, ServiceModel model, String key) {
        deciding = false;
        boolean refusedMeanwhile = done;
        done = true;
        pipelined.releaseAll();
        if (refusedMeanwhile || !ctx.channel().isActive()) {
            // Too many pipelined requests were refused with 503 while the service decided; that answer stands.
            return;
        }
        if (!accepted.admit()) {
            done = false;
            refuseForLimit(ctx, httpRequest);
            return;
        }
        try {
            upgrade(ctx, route, request, service, model, key);
        } catch (RuntimeException | Error failure) {
            // Whatever failed, the slot is free again now, before the 500 leaves: the next client is served.
            accepted.releaseAdmitted();
            failed(ctx, failure);
        }
    }

    /** On the event loop, with a connection slot reserved: sends 101 and hands the channel to the WebSocket side. */
    private void upgrade(ChannelHandlerContext ctx, RouteTable.Route route, DefaultUpgradeRequest request,
                         Service service, ServiceModel model, String key) {
        var answer = SwitchingProtocols.answer(config, route.config(), request, key);
        listener.metrics().handshake(101);
        // Out of the HTTP phase: the place is freed before the 101 leaves, so a client that connects again as soon as
        // it has its 101 finds it free.
        accepted.releasePending();
        WebSocketUpgrade.complete(ctx, this, answer.response(), accepted, route, request, service, model,
                answer.subProtocol(), secure, answer.deflate());
    }

    /** 503: the listener has {@code maxConnections} open; the client may try again later. */
    private void refuseForLimit(ChannelHandlerContext ctx, HttpRequest request) {
        LOG.warn("refused an upgrade from {}: {} connections are open (ListenerConfiguration.maxConnections)",
                ctx.channel().remoteAddress(), config.maxConnections());
        respond(ctx, request, new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many connections: "
                + config.maxConnections() + " are open (ListenerConfiguration.maxConnections)",
                Map.of("Retry-After", "1"), false));
    }

    /** Answers for good and closes: what follows on the connection is not read. */
    private void respondAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        done = true;
        pipelined.releaseAll();
        ctx.writeAndFlush(responses.refusal(new Refusal(status, body, Map.of(), false), false))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Sends a refusal, counted as a handshake when the request was an upgrade; keeps the connection when the refusal
     * and the keep-alive policy allow, and then goes on with the requests waiting behind this one.
     */
    private void respond(ChannelHandlerContext ctx, HttpRequest request, Refusal refusal) {
        if (isUpgrade(request)) {
            listener.metrics().handshake(refusal.status().code());
        }
        send(ctx, request, responses.refusal(refusal, true), refusal.keepAllowed());
    }

    /**
     * Writes a response; keeps the connection when {@code keepAllowed} and the keep-alive policy agree, and then goes
     * on with the requests waiting behind this one.
     */
    private void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response, boolean keepAllowed) {
        if (done) {
            // The connection was already answered for good (a 503 for too many pipelined requests).
            response.release();
            return;
        }
        boolean keep = keepAllowed && switch (config.http1Settings().keepAlive()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> HttpUtil.isKeepAlive(request);
        };
        response.headers().set(HttpHeaderNames.CONNECTION, keep ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (!keep) {
            done = true;
            pipelined.releaseAll();
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response);
        if (headDeadline != null) {
            headDeadline.awaitNextRequest();
        }
        ctx.channel().config().setAutoRead(true);
        // A refused upgrade: what the client sent behind it is HTTP after all.
        decoder.resume();
        while (!deciding && !done && !pipelined.isEmpty()) {
            handle(ctx, pipelined.poll());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == RequestHeadDeadline.EXPIRED) {
            requestHeadExpired(ctx);
            return;
        }
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

    /**
     * {@code requestHeadTimeout} ran out before a whole request head arrived: 408 and close, or only close while the
     * TLS handshake is still going on (no response can be sent before it is done).
     */
    private void requestHeadExpired(ChannelHandlerContext ctx) {
        if (done || deciding || current != null) {
            return;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null && !tls.handshakeFuture().isDone()) {
            LOG.debug("closing {}: TLS handshake not done within {} (ListenerConfiguration.requestHeadTimeout)",
                    ctx.channel().remoteAddress(), config.requestHeadTimeout());
            ctx.close();
            return;
        }
        LOG.debug("answering {} with 408: request head not complete within {} (ListenerConfiguration"
                + ".requestHeadTimeout)", ctx.channel().remoteAddress(), config.requestHeadTimeout());
        respondAndClose(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request head not complete within "
                + config.requestHeadTimeout() + " (ListenerConfiguration.requestHeadTimeout)");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pipelined.releaseAll();
        if (httpBody != null) {
            httpBody.release();
            httpBody = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP phase of {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
