package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.internal.protocol.HeaderFieldRules;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.AsciiString;
import io.netty.util.collection.IntObjectHashMap;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link UpgradeRequest} of one handshake: a snapshot of the Netty request taken on the event loop, so the upgrade
 * service can read it from a worker.
 *
 * <p>It lives as long as its connection ({@code Caller.getUpgradeRequest()}), so it is kept small: absent parameters,
 * cookies and response headers take no map of their own, and the names of the common handshake headers are shared
 * strings rather than a lower-cased copy per connection.
 *
 * <p>Thread safety: immutable apart from the response headers, which the upgrade service adds before it returns
 * (guarded by {@code this}).
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
    private final List<X509Certificate> peerCertificates;
    /** Created by the first {@link #addResponseHeader}; guarded by {@code this}. */
    private Map<String, List<String>> responseHeaders;
    /** The path the service was attached at (its template); set once the route is known, before the upgrade. */
    private volatile String servicePath;
    /** Set by the authentication step before the upgrade service sees the request. */
    private volatile dev.duplex.websocket.AuthenticatedPrincipal principal;

    DefaultUpgradeRequest(HttpRequest request, QueryStringDecoder query, Map<String, String> pathParams,
                          InetSocketAddress remoteAddress, boolean secure, List<X509Certificate> peerCertificates) {
        this.uri = request.uri();
        this.path = query.path();
        this.pathParams = pathParams.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<>(pathParams));
        Map<String, List<String>> parameters = query.parameters();
        if (parameters.isEmpty()) {
            this.queryParams = Collections.emptyMap();
        } else {
            Map<String, List<String>> params = new LinkedHashMap<>();
            parameters.forEach((k, v) -> params.put(k, List.copyOf(v)));
            this.queryParams = Collections.unmodifiableMap(params);
        }
        this.headers = Collections.unmodifiableMap(headersOf(request));
        List<String> cookieHeaders = headers.getOrDefault("cookie", List.of());
        if (cookieHeaders.isEmpty()) {
            this.cookies = Collections.emptyMap();
        } else {
            Map<String, String> c = new LinkedHashMap<>();
            for (String header : cookieHeaders) {
                for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                    c.putIfAbsent(cookie.name(), cookie.value());
                }
            }
            this.cookies = readOnly(c);
        }
        List<String> protocolHeaders = headers.getOrDefault("sec-websocket-protocol", List.of());
        this.subProtocols = protocolHeaders.isEmpty() ? List.of()
                : List.copyOf(HandshakeRules.tokens(protocolHeaders));
        this.remoteAddress = remoteAddress;
        this.secure = secure;
        this.peerCertificates = List.copyOf(peerCertificates);
    }

    /**
     * The request's headers by lower-cased name, each with its values in order. Built once per handshake on the event
     * loop: a header that appears once (nearly all) gets a one-element list and no builder.
     */
    private static Map<String, List<String>> headersOf(HttpRequest request) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        boolean repeated = false;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence();
             it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> entry = it.next();
            String key = sharedKey(entry.getKey());
            String value = entry.getValue().toString();
            List<String> previous = h.putIfAbsent(key, List.of(value));
            if (previous != null) {
                List<String> values = previous instanceof ArrayList<String> growing ? growing
                        : new ArrayList<>(previous);
                values.add(value);
                h.put(key, values);
                repeated = true;
            }
        }
        if (repeated) {
            h.replaceAll((k, v) -> List.copyOf(v));
        }
        return h;
    }

    /**
     * The lower-cased names of the headers of a typical handshake, each one string for every request: the keys of
     * {@link #headers} would otherwise be a fresh copy per connection, kept as long as the connection. Found by
     * Netty's case-insensitive hash of the name as it arrived, so a common name is neither lower-cased nor copied.
     */
    private static final IntObjectHashMap<String> COMMON_HEADER_KEYS = new IntObjectHashMap<>();

    static {
        for (String name : List.of("host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version",
                "sec-websocket-extensions", "sec-websocket-protocol", "origin", "user-agent", "cookie",
                "authorization", "accept-encoding", "accept-language", "pragma", "cache-control", "x-forwarded-for",
                "x-forwarded-proto", "x-real-ip")) {
            // On a hash collision the first name keeps the slot; the other takes the general path below.
            COMMON_HEADER_KEYS.putIfAbsent(AsciiString.hashCode(name), name);
        }
    }

    /** The lower-cased {@code name}: the shared string for a common header, else a fresh one. */
    static String sharedKey(CharSequence name) {
        String common = COMMON_HEADER_KEYS.get(AsciiString.hashCode(name));
        if (common != null && AsciiString.contentEqualsIgnoreCase(common, name)) {
            return common;
        }
        return HandshakeRules.headerKey(name.toString());
    }

    /** A read-only view, or the shared empty map (which, like the view, answers {@code get(null)} with null). */
    private static <V> Map<String, V> readOnly(Map<String, V> map) {
        return map.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(map);
    }

    /** Remembers the path the matched service was attached at (its template, normalised). */
    void attachedAt(String servicePath) {
        this.servicePath = servicePath;
    }

    /** {@return the path the service was attached at, or the request's path when no route was recorded} */
    String servicePath() {
        return servicePath == null ? path : servicePath;
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
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    @Override
    public synchronized void addResponseHeader(String name, String value) {
        HeaderFieldRules.check(name, value, "UpgradeRequest.addResponseHeader");
        if (responseHeaders == null) {
            responseHeaders = new LinkedHashMap<>();
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

    synchronized Map<String, List<String>> responseHeaders() {
        return responseHeaders == null ? Map.of() : new LinkedHashMap<>(responseHeaders);
    }

    @Override
    public String toString() {
        return "UpgradeRequest[" + uri + " from " + remoteAddress + "]";
    }
}
