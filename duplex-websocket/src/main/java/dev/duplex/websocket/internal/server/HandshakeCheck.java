package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.internal.protocol.HandshakeRules;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * The opening handshake's rules for a server (RFC 6455 §4.2.1), checked before the upgrade service runs: GET (405),
 * {@code Upgrade: websocket} (426), {@code Connection: Upgrade} (400), HTTP/1.1 (400), version 13 (426 naming it),
 * a 16-byte {@code Sec-WebSocket-Key} (400), a {@code Host} (400).
 *
 * <p>Thread safety: stateless.
 */
final class HandshakeCheck {
    private HandshakeCheck() {
    }

    /** {@return the refusal of {@code request}, or {@code null} when its handshake is valid} */
    static Refusal check(HttpRequest request) {
        var headers = request.headers();
        if (!HttpMethod.GET.equals(request.method())) {
            return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "a WebSocket upgrade must use GET, not "
                    + request.method(), Map.of("Allow", "GET"), true);
        }
        if (!HandshakeRules.containsToken(headers.get(HttpHeaderNames.UPGRADE), "websocket")) {
            return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, "this is a WebSocket endpoint: send an "
                    + "upgrade request (Upgrade: websocket)", Map.of("Upgrade", "websocket", "Sec-WebSocket-Version",
                    WebSocketProtocol.VERSION), true);
        }
        if (!HandshakeRules.containsToken(headers.get(HttpHeaderNames.CONNECTION), "upgrade")) {
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "the Connection header must contain Upgrade");
        }
        if (request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) < 0) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "a WebSocket upgrade needs HTTP/1.1", Map.of(),
                    false);
        }
        if (!WebSocketProtocol.VERSION.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, "unsupported Sec-WebSocket-Version "
                    + headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION) + "; this server speaks 13",
                    Map.of("Sec-WebSocket-Version", WebSocketProtocol.VERSION), true);
        }
        if (!HandshakeRules.isValidKey(headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "missing or malformed Sec-WebSocket-Key");
        }
        if (!headers.contains(HttpHeaderNames.HOST)) {
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "missing Host header");
        }
        return null;
    }
}
