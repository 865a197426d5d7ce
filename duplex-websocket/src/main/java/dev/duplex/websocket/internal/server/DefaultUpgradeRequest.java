package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link UpgradeRequest} of one handshake: a snapshot of the Netty request taken on the event loop, so the upgrade
 * service can read it from a worker.
 *
 * <p>Thread safety: immutable apart from the response headers, which the upgrade service adds before it returns.
 */
final class DefaultUpgradeRequest implements UpgradeRequest {
    private final String uri;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> queryParams;
    private final Map<String, List<String>> headers;
    private final Map<String, String> cookies;
    private final List<String> subProtocols;
    private final InetSocketAddress remoteAddress;
    private final boolean secure;
    private final Map<String, List<String>> responseHeaders = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Set by the authentication step before the upgrade service sees the request. */
    private volatile dev.duplex.websocket.AuthenticatedPrincipal principal;

    DefaultUpgradeRequest(HttpRequest request, QueryStringDecoder query, Map<String, String> pathParams,
                          InetSocketAddress remoteAddress, boolean secure) {
        this.uri = request.uri();
        this.path = query.path();
        this.pathParams = Collections.unmodifiableMap(new LinkedHashMap<>(pathParams));
        Map<String, List<String>> params = new LinkedHashMap<>();
        query.parameters().forEach((k, v) -> params.put(k, List.copyOf(v)));
        this.queryParams = Collections.unmodifiableMap(params);
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : request.headers()) {
            h.computeIfAbsent(HandshakeRules.headerKey(entry.getKey()), k -> new ArrayList<>()).add(entry.getValue());
        }
        h.replaceAll((k, v) -> List.copyOf(v));
        this.headers = Collections.unmodifiableMap(h);
        Map<String, String> c = new LinkedHashMap<>();
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                c.putIfAbsent(cookie.name(), cookie.value());
            }
        }
        this.cookies = Collections.unmodifiableMap(c);
        this.subProtocols = List.copyOf(HandshakeRules.tokens(
                request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)));
        this.remoteAddress = remoteAddress;
        this.secure = secure;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public String queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return queryParams;
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(HandshakeRules.headerKey(name));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(HandshakeRules.headerKey(name), List.of());
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public Map<String, String> cookies() {
        return cookies;
    }

    @Override
    public List<String> subProtocols() {
        return subProtocols;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public void addResponseHeader(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw new IllegalArgumentException("a response header needs a name and a value");
        }
        responseHeaders.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    @Override
    public java.util.Optional<dev.duplex.websocket.AuthenticatedPrincipal> principal() {
        return java.util.Optional.ofNullable(principal);
    }

    void authenticatedAs(dev.duplex.websocket.AuthenticatedPrincipal principal) {
        this.principal = principal;
    }

    Map<String, List<String>> responseHeaders() {
        synchronized (responseHeaders) {
            return new LinkedHashMap<>(responseHeaders);
        }
    }

    @Override
    public String toString() {
        return "UpgradeRequest[" + uri + " from " + remoteAddress + "]";
    }
}
