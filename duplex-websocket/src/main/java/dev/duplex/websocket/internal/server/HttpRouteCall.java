package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.HttpResponse;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to a plain HTTP route of an {@code HttpListener}: the API's request made from Netty's, and the route's
 * handler asked for the answer (500 when it fails or answers {@code null}).
 *
 * <p>Thread safety: immutable; {@link #answer()} runs on a worker.
 */
final class HttpRouteCall {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouteCall.class);

    private final HttpRoutes.Match match;
    private final dev.duplex.websocket.HttpRequest request;

    /** On the event loop: {@code body} is the whole request body, already copied out of its buffers. */
    HttpRouteCall(HttpRequest request, HttpRoutes.Match match, byte[] body) {
        this.match = match;
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : request.headers()) {
            headers.computeIfAbsent(HandshakeRules.headerKey(entry.getKey()), k -> new ArrayList<>())
                    .add(entry.getValue());
        }
        this.request = new dev.duplex.websocket.HttpRequest(request.method().name(), query.path(),
                match.pathParams(), query.parameters(), headers, body);
    }

    /** On a worker: the handler's answer, or 500 when it throws or answers {@code null}. */
    HttpResponse answer() {
        try {
            HttpResponse answer = match.route().handler().handle(request);
            if (answer == null) {
                throw new IllegalStateException("the handler returned null");
            }
            return answer;
        } catch (Exception | Error failure) {
            LOG.error("HTTP handler for {} {} failed; answering 500", request.method(), request.path(), failure);
            return HttpResponse.text(500, "internal server error");
        }
    }
}
