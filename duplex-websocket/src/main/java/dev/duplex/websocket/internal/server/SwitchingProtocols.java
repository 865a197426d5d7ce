package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import dev.duplex.websocket.internal.protocol.PerMessageDeflate;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The 101 Switching Protocols answer to an accepted upgrade (RFC 6455 §4.2.2) and what it agrees: the
 * {@code Sec-WebSocket-Accept} value, the sub-protocol (the first of the client's that the service supports),
 * permessage-deflate (RFC 7692) when the listener and the service allow it, the {@code Server} header, and the
 * headers the upgrade service added.
 *
 * <p>Thread safety: immutable once made; made on the event loop.
 *
 * @param response    the 101, not yet written
 * @param subProtocol the agreed sub-protocol, or {@code null}
 * @param deflate     the agreed compression, or {@code null}
 */
record SwitchingProtocols(FullHttpResponse response, String subProtocol, PerMessageDeflate.Agreement deflate) {

    /** Makes the 101 for {@code request}, whose {@code Sec-WebSocket-Key} is {@code key}. */
    static SwitchingProtocols answer(ListenerConfiguration config, WsServiceConfig serviceConfig,
                                     DefaultUpgradeRequest request, String key) {
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
        return new SwitchingProtocols(response, subProtocol, deflate);
    }
}
