package dev.duplex.websocket.internal.server;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * An HTTP-phase answer other than the 101: the status, the plain-text body, extra headers, and whether the connection
 * may be kept afterwards (when the keep-alive policy agrees).
 *
 * <p>Thread safety: immutable.
 *
 * @param status      the status
 * @param body        the body's text, sent as UTF-8
 * @param headers     extra headers, by name
 * @param keepAllowed whether the connection may stay open after it
 */
record Refusal(HttpResponseStatus status, String body, Map<String, String> headers, boolean keepAllowed) {
    /** A refusal without extra headers after which the connection may be kept. */
    static Refusal of(HttpResponseStatus status, String body) {
        return new Refusal(status, body, Map.of(), true);
    }
}
