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
import java.util.Arrays;
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
    /**
     * The request's header fields in arrival order, as lower-cased name and value in turn: an array rather than a map of
     * lists, since it is kept as long as the connection (a map of five one-element lists cost about 460 bytes more).
     */
    private final String[] headerFields;
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
        // A URI without a query (no token in it) is shared with the requests before it that had the same one.
        this.uri = request.uri().indexOf('?') < 0 ? RecentValues.shared(request.uri()) : request.uri();
        String decodedPath = query.path();
        this.path = decodedPath.equals(uri) ? uri : decodedPath;   // one string when there is no query
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
        this.headerFields = headerFieldsOf(request);
        List<String> cookieHeaders = headers("cookie");
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
        List<String> protocolHeaders = headers("sec-websocket-protocol");
        this.subProtocols = protocolHeaders.isEmpty() ? List.of()
                : List.copyOf(HandshakeRules.tokens(protocolHeaders));
        this.remoteAddress = remoteAddress;
        this.secure = secure;
        this.peerCertificates = List.copyOf(peerCertificates);
    }

    /** The request's header fields as lower-cased name and value in turn, common names and values shared. */
    private static String[] headerFieldsOf(HttpRequest request) {
        String[] fields = new String[2 * request.headers().size()];
        int i = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence();
             it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> entry = it.next();
            String key = sharedKey(entry.getKey());
            fields[i++] = key;
            fields[i++] = sharedValue(key, entry.getValue());
        }
        return i == fields.length ? fields : Arrays.copyOf(fields, i);
    }

    /** The values of a handshake's fixed headers, one string for every request rather than a copy per connection. */
    private static final List<String> COMMON_VALUES = List.of("websocket", "Upgrade", "upgrade", "13",
            "permessage-deflate; client_max_window_bits", "keep-alive, Upgrade", "no-cache");

    /**
     * Headers whose values are alike across a service's clients and carry no secret (never {@code cookie},
     * {@code authorization} or the unique {@code sec-websocket-key}): their values are shared with earlier requests'
     * ({@link RecentValues}). The keys are the shared strings of {@link #COMMON_HEADER_KEYS}, compared by identity.
     */
    private static final java.util.Set<String> SHAREABLE = java.util.Set.of("host", "origin", "user-agent",
            "sec-websocket-protocol", "sec-websocket-extensions", "accept-encoding", "accept-language",
            "cache-control", "pragma", "x-forwarded-proto");

    private static String sharedValue(String key, CharSequence value) {
        for (String common : COMMON_VALUES) {
            if (common.contentEquals(value)) {
                return common;
            }
        }
        String text = value.toString();
        return SHAREABLE.contains(key) ? RecentValues.shared(text) : text;
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
        String key = HandshakeRules.headerKey(name);
        for (int i = 0; i < headerFields.length; i += 2) {
            if (headerFields[i].equals(key)) {
                return headerFields[i + 1];
            }
        }
        return null;
    }

    @Override
    public List<String> headers(String name) {
        String key = HandshakeRules.headerKey(name);
        List<String> values = null;
        for (int i = 0; i < headerFields.length; i += 2) {
            if (headerFields[i].equals(key)) {
                if (values == null) {
                    values = new ArrayList<>(1);
                }
                values.add(headerFields[i + 1]);
            }
        }
        return values == null ? List.of() : List.copyOf(values);
    }

    /** A map made for each call from the fields kept: by lower-cased name, each name's values in order. */
    @Override
    public Map<String, List<String>> headers() {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (int i = 0; i < headerFields.length; i += 2) {
            byName.computeIfAbsent(headerFields[i], k -> new ArrayList<>(1)).add(headerFields[i + 1]);
        }
        byName.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(byName);
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
