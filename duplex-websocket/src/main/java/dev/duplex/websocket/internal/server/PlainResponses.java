package dev.duplex.websocket.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTTP responses of the HTTP phase other than the 101, as Netty messages: refusals as plain text, the answers
 * of plain HTTP routes, and the 500 of a failure. Each carries {@code Content-Length} and the configured
 * {@code Server} header.
 *
 * <p>Thread safety: immutable.
 */
final class PlainResponses {
    /** The {@code Server} header's value, or {@code null} for none. */
    private final String server;

    PlainResponses(String server) {
        this.server = server;
    }

    /** A refusal as {@code text/plain}, with {@code Connection: keep-alive} or {@code close}. */
    FullHttpResponse refusal(Refusal refusal, boolean keepAlive) {
        ByteBuf content = Unpooled.copiedBuffer(refusal.body(), StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(), content);
        var headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (server != null) {
            headers.set(HttpHeaderNames.SERVER, server);
        }
        refusal.headers().forEach(headers::set);
        headers.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return response;
    }

    /** The answer of a plain HTTP route; without its body for a HEAD request (its length still announced). */
    FullHttpResponse answer(dev.duplex.websocket.HttpResponse answer, boolean head) {
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), content);
        var headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        if (server != null) {
            headers.set(HttpHeaderNames.SERVER, server);
        }
        answer.headers().forEach(headers::set);
        return response;
    }

    /** The 500 of an unexpected failure, with {@code Connection: close}. */
    FullHttpResponse internalServerError() {
        return refusal(new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal server error", Map.of(), false),
                false);
    }
}
