package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.RequestLimits;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Map;

/**
 * The checks a request head passes before anything else (spec §2.1 {@code requestLimits}): a head the decoder could
 * not read (414 for a request line over {@code maxUriLength}, 431 for headers over {@code maxHeaderSize}, 400 else),
 * a URI over {@code maxUriLength} (414), a declared body over {@code maxEntityBodySize} (413). Each refusal closes
 * the connection: what follows the head cannot be trusted to be the next request.
 *
 * <p>Thread safety: stateless.
 */
final class RequestHeadCheck {
    private RequestHeadCheck() {
    }

    /** {@return the refusal of {@code request} under {@code limits}, or {@code null} when it may go on} */
    static Refusal check(HttpRequest request, RequestLimits limits) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                return closing(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request URI exceeds "
                        + limits.maxUriLength() + " bytes (requestLimits.maxUriLength)");
            }
            if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                return closing(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers exceed "
                        + limits.maxHeaderSize() + " bytes (requestLimits.maxHeaderSize)");
            }
            return closing(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
        }
        if (request.uri().length() > limits.maxUriLength()) {
            return closing(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request URI of " + request.uri().length()
                    + " bytes exceeds " + limits.maxUriLength() + " (requestLimits.maxUriLength)");
        }
        long limit = limits.maxEntityBodySize();
        long declared = HttpUtil.getContentLength(request, -1L);
        if (limit >= 0 && declared > limit) {
            return closing(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body of " + declared
                    + " bytes exceeds " + limit + " (requestLimits.maxEntityBodySize)");
        }
        return null;
    }

    private static Refusal closing(HttpResponseStatus status, String body) {
        return new Refusal(status, body, Map.of(), false);
    }
}
