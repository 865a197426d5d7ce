package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.AuthorizationException;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.KeepAlive;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.UpgradeException;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.dispatch.ServiceChecks;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.logging.ProblemLog;
import dev.duplex.websocket.internal.dispatch.Workers;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import dev.duplex.websocket.internal.protocol.PerMessageDeflate;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import dev.duplex.websocket.internal.tls.PeerCertificates;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
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
import java.util.Locale;
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
    /** Failures of upgrade services, which must be seen even without an SLF4J provider. */
    private static final ProblemLog PROBLEMS = ProblemLog.of(HttpUpgradeHandler.class);

    private final ListenerRuntime listener;
    private final ListenerConfiguration config;
    private final boolean secure;

    private HttpRequest current;
    private long bodyBytes;
    /** The plain HTTP route of the current request, or {@code null} when it is (meant as) an upgrade. */
    private HttpRoutes.Match httpRoute;
    /** The body of a request for an HTTP route; released when answered or on close. */
    private CompositeByteBuf httpBody;
    private boolean deciding;
    private boolean done;
    /** Requests pipelined behind the one being decided; rarely any, so it starts small. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
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
        httpRoute = null;
        if (!HandshakeRules.containsToken(request.headers().get(HttpHeaderNames.UPGRADE), "websocket")
                && !listener.httpRoutes().isEmpty()) {
            List<String> segments = segments(request.uri());
            httpRoute = segments == null ? null
                    : listener.httpRoutes().match(request.method().name(), segments);
            if (httpRoute != null) {
                httpBody = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            }
        }
        return true;
    }

    /** The body limit: the configured one, or 1 MiB for HTTP routes when the configuration sets none. */
    private long bodyLimit() {
        long limit = config.requestLimits().maxEntityBodySize();
        return limit < 0 && httpRoute != null ? 1 << 20 : limit;
    }

    /** The percent-decoded segments of a request URI's path, or {@code null} when it is malformed. */
    private static List<String> segments(String uri) {
        String rawPath = uri;
        int q = rawPath.indexOf('?');
        if (q >= 0) {
            rawPath = rawPath.substring(0, q);
        }
        try {
            return PathTemplate.decodedSegments(rawPath);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** A request for a plain HTTP route: the handler runs on a worker, its answer is written on the event loop. */
    private void serveHttp(ChannelHandlerContext ctx, HttpRequest request, HttpRoutes.Match match) {
        byte[] body = ByteBufUtil.getBytes(httpBody);
        httpBody.release();
        httpBody = null;
        httpRoute = null;
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> entry : request.headers()) {
            headers.computeIfAbsent(HandshakeRules.headerKey(entry.getKey()), k -> new ArrayList<>())
                    .add(entry.getValue());
        }
        var httpRequest = new dev.duplex.websocket.HttpRequest(request.method().name(), query.path(),
                match.pathParams(), query.parameters(), headers, body);
        deciding = true;
        ctx.channel().config().setAutoRead(false);
        Workers.executor().execute(() -> {
            dev.duplex.websocket.HttpResponse answer;
            try {
                answer = match.route().handler().handle(httpRequest);
                if (answer == null) {
                    throw new IllegalStateException("the handler returned null");
                }
            } catch (Exception | Error failure) {
                LOG.error("HTTP handler for {} {} failed; answering 500", request.method(), query.path(), failure);
                answer = dev.duplex.websocket.HttpResponse.text(500, "internal server error");
            }
            dev.duplex.websocket.HttpResponse response = answer;
            ctx.executor().execute(() -> {
                deciding = false;
                respondWith(ctx, request, response);
            });
        });
    }

    private void respondWith(ChannelHandlerContext ctx, HttpRequest request, dev.duplex.websocket.HttpResponse answer) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), content);
        var headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        if (config.server() != null) {
            headers.set(HttpHeaderNames.SERVER, config.server());
        }
        answer.headers().forEach(headers::set);
        send(ctx, request, response, true);
    }

    /** The whole request arrived: route it, validate the handshake and ask the upgrade service. */
    private void decide(ChannelHandlerContext ctx, HttpRequest request) {
        QueryStringDecoder query;
        List<String> segments;
        try {
            String target = originForm(request.uri());
            query = new QueryStringDecoder(target);
            String rawPath = target;
            int q = rawPath.indexOf('?');
            if (q >= 0) {
                rawPath = rawPath.substring(0, q);
            }
            segments = PathTemplate.decodedSegments(rawPath);
            query.parameters();
        } catch (IllegalArgumentException malformed) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request URI", Map.of(), false);
            return;
        }
        RouteTable.Match match = listener.routes().match(segments);
        if (match == null) {
            // An upgrade to a path that only plain HTTP routes serve is a missing WebSocket service (404), not a
            // wrong method: GET is allowed there, just not as a WebSocket.
            boolean upgrade = HandshakeRules.containsToken(request.headers().get(HttpHeaderNames.UPGRADE), "websocket");
            if (!upgrade && listener.httpRoutes().matchesOtherMethod(segments)) {
                respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed at "
                        + query.path(), Map.of(), true);
                return;
            }
            respond(ctx, request, HttpResponseStatus.NOT_FOUND,
                    (upgrade ? "no WebSocket service at " : "no service at ") + query.path(), Map.of(), true);
            return;
        }
        String refusal = checkHandshake(ctx, request);
        if (refusal != null) {
            return;
        }
        String originRefusal = OriginPolicy.refusal(request.headers().get(HttpHeaderNames.ORIGIN),
                request.headers().get(HttpHeaderNames.HOST), secure, match.route().config().allowedOrigins());
        if (originRefusal != null) {
            LOG.info("refused an upgrade to {} from {}: {}", query.path(), ctx.channel().remoteAddress(),
                    originRefusal);
            respond(ctx, request, HttpResponseStatus.FORBIDDEN, originRefusal, Map.of(), true);
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
        if (route.config().dispatchMode() == DispatchMode.EVENT_LOOP && route.config().auth().isEmpty()) {
            // An EVENT_LOOP service promises not to block, its upgrade service included (DispatchMode): deciding here
            // saves two thread hand-offs per handshake, and the answer (101 or refusal) is written before this read
            // returns, so reading need not pause (two epoll_ctl calls less). Authenticators may block (a directory, a
            // key fetch), so a route with any runs them on a worker whatever its mode.
            askUpgradeService(ctx, request, route, upgradeRequest, key);
        } else {
            // Later requests and bytes wait in the socket until the worker's answer is back on the event loop.
            ctx.channel().config().setAutoRead(false);
            Workers.executor().execute(() -> askUpgradeService(ctx, request, route, upgradeRequest, key));
        }
    }

    /**
     * The path and query of a request target: an absolute-form target ({@code http://host/path?q}) is reduced to
     * {@code /path?q}, as RFC 6455 §4.2.1 and RFC 9112 §3.2.2 ask a server to accept it.
     */
    static String originForm(String target) {
        int schemeEnd = target.indexOf("://");
        if (schemeEnd <= 0 || target.startsWith("/")) {
            return target;
        }
        String scheme = target.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ws") && !scheme.equals("wss")) {
            return target;
        }
        int authorityEnd = schemeEnd + 3;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String rest = target.substring(authorityEnd);
        return rest.startsWith("/") ? rest : "/" + rest;
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

    /**
     * On a worker, or on the event loop for an EVENT_LOOP route without authenticators: runs the upgrade service, then
     * answers on the event loop.
     */
    private void askUpgradeService(ChannelHandlerContext ctx, HttpRequest request, RouteTable.Route route,
                                   DefaultUpgradeRequest upgradeRequest, String key) {
        Service service;
        ServiceModel model;
        try {
            authenticate(route, upgradeRequest);
            service = route.upgradeService().onUpgrade(upgradeRequest);
            if (service == null) {
                throw new IllegalStateException("the upgrade service at " + route.template() + " returned null");
            }
            model = ServiceModel.of(service.getClass());
            ServiceChecks.warnOnce(service.getClass(),
                    ServiceChecks.check(model, route.config(), route.upgradeService().getClass()), PROBLEMS);
        } catch (UpgradeException refused) {
            onEventLoop(ctx, () -> {
                deciding = false;
                respond(ctx, request, HttpResponseStatus.valueOf(refused.status()),
                        refused.getMessage() == null ? "" : refused.getMessage(), refused.headers(), true);
            });
            return;
        } catch (AuthorizationException forbidden) {
            // The spec's AuthzError: valid credentials without the right to connect, from an authenticator or the
            // upgrade service itself. A 403, not a server failure.
            onEventLoop(ctx, () -> {
                deciding = false;
                respond(ctx, request, HttpResponseStatus.FORBIDDEN,
                        forbidden.getMessage() == null ? "" : forbidden.getMessage(), Map.of(), true);
            });
            return;
        } catch (RuntimeException | Error failure) {
            PROBLEMS.error("upgrade service at " + route.template() + " failed for " + upgradeRequest
                    + "; answering 500", failure);
            onEventLoop(ctx, () -> {
                deciding = false;
                respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "upgrade failed", Map.of(), true);
            });
            return;
        }
        onEventLoop(ctx, () -> accept(ctx, request, route.config(), upgradeRequest, service, model, key));
    }

    /**
     * Runs a step that must happen on the channel's event loop: at once when the decision was made there (an inline
     * upgrade service), else as a task from the worker.
     */
    private static void onEventLoop(ChannelHandlerContext ctx, Runnable step) {
        if (ctx.executor().inEventLoop()) {
            step.run();
        } else {
            ctx.executor().execute(step);
        }
    }

    /**
     * The service's {@code auth} list (spec §5.2), in order: the first authenticator that recognises the request
     * decides — it passes when the principal has any required scope, else 403; when none does, 401 with a
     * {@code WWW-Authenticate} challenge for each.
     *
     * @throws UpgradeException with 401 or 403 to refuse
     */
    private static void authenticate(RouteTable.Route route, DefaultUpgradeRequest request) {
        List<dev.duplex.websocket.ListenerAuthConfig> configs = route.config().auth();
        if (configs.isEmpty()) {
            return;
        }
        String failure = "missing credentials";
        for (int i = 0; i < configs.size(); i++) {
            dev.duplex.websocket.AuthenticatedPrincipal principal;
            try {
                principal = route.authenticators().get(i).authenticate(request);
            } catch (dev.duplex.websocket.AuthenticationException rejected) {
                failure = rejected.getMessage();
                LOG.debug("authentication of {} failed: {}", request, rejected.getMessage());
                continue;
            }
            if (principal == null) {
                continue;
            }
            if (!principal.hasAnyScope(configs.get(i).scopes())) {
                throw new UpgradeException(403, "forbidden: " + principal.name() + " has none of the scopes "
                        + configs.get(i).scopes());
            }
            request.authenticatedAs(principal);
            return;
        }
        String challenges = route.authenticators().stream().map(dev.duplex.websocket.Authenticator::challenge)
                .distinct().collect(java.util.stream.Collectors.joining(", "));
        throw new UpgradeException(401, "unauthorized: " + failure).withHeader("WWW-Authenticate", challenges);
    }

    /** On the event loop: sends 101 and turns the channel into a WebSocket connection. */
    private void accept(ChannelHandlerContext ctx, HttpRequest httpRequest, WsServiceConfig serviceConfig,
                        DefaultUpgradeRequest request, Service service, ServiceModel model, String key) {
        deciding = false;
        boolean refusedMeanwhile = done;
        done = true;
        releaseWaiting();
        if (refusedMeanwhile || !ctx.channel().isActive()) {
            // Too many pipelined requests were refused with 503 while the service decided; that answer stands.
            return;
        }
        if (!listener.admit(ctx.channel())) {
            done = false;
            refuseForLimit(ctx, httpRequest);
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
        PerMessageDeflate.Agreement deflate = null;
        if (config.webSocketCompressionEnabled() && serviceConfig.compression()) {
            deflate = PerMessageDeflate.accept(request.headers("sec-websocket-extensions"),
                    PerMessageDeflate.Preferences.DEFAULT);
            if (deflate != null) {
                headers.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, deflate.header());
            }
        }
        if (config.server() != null) {
            headers.set(HttpHeaderNames.SERVER, config.server());
        }
        request.responseHeaders().forEach(headers::add);
        listener.metrics().handshake(101);
        WebSocketUpgrade.complete(ctx, this, response, listener, serviceConfig, request, service, model, subProtocol,
                secure, deflate);
    }

    /** 503: the listener has {@code maxConnections} open; the client may try again later. */
    private void refuseForLimit(ChannelHandlerContext ctx, HttpRequest request) {
        LOG.warn("refused an upgrade from {}: {} connections are open (ListenerConfiguration.maxConnections)",
                ctx.channel().remoteAddress(), config.maxConnections());
        respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many connections: "
                + config.maxConnections() + " are open (ListenerConfiguration.maxConnections)",
                Map.of("Retry-After", "1"), false);
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
        if (HandshakeRules.containsToken(request.headers().get(HttpHeaderNames.UPGRADE), "websocket")) {
            listener.metrics().handshake(status.code());
        }
        send(ctx, request, response(status, body, extraHeaders, true), keepAllowed);
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
            respondAndCloseWith(ctx, response);
            return;
        }
        ctx.writeAndFlush(response);
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
