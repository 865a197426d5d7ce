package dev.duplex.websocket;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request that asks for a WebSocket upgrade, as an {@link UpgradeService} sees it.
 *
 * <p>Header names are matched case-insensitively. The request is read-only, except that
 * {@link #addResponseHeader} adds headers to the 101 response.
 *
 * <p>Thread safety: safe to read from any thread; {@link #addResponseHeader} must be called before
 * {@link UpgradeService#onUpgrade} returns.
 */
public interface UpgradeRequest {
    /** The request path, percent-decoded, without the query string. */
    String path();

    /** The request URI as sent (path and query, not decoded). */
    String uri();

    /** The value of path parameter {@code name} of the matched template (e.g. {@code room} in {@code /chat/{room}}), or {@code null}. */
    String pathParam(String name);

    /** Every path parameter of the matched template. */
    Map<String, String> pathParams();

    /** The first value of query parameter {@code name}, or {@code null}. */
    String queryParam(String name);

    /** Every query parameter with all its values, in request order. */
    Map<String, List<String>> queryParams();

    /** The first value of header {@code name}, or {@code null}. */
    String header(String name);

    /** Every value of header {@code name}, empty when absent. */
    List<String> headers(String name);

    /** Every header, names in lower case. */
    Map<String, List<String>> headers();

    /** The cookies the request carries, by name. */
    Map<String, String> cookies();

    /** The sub-protocols the client asked for, in its order of preference. */
    List<String> subProtocols();

    /** The address of the peer. */
    InetSocketAddress remoteAddress();

    /** Whether the request arrived over TLS. */
    boolean isSecure();

    /** Adds a header to the 101 Switching Protocols response. */
    void addResponseHeader(String name, String value);

    /**
     * Who the service's {@code auth} configuration authenticated (spec §5.2), or empty when the service has none.
     */
    java.util.Optional<AuthenticatedPrincipal> principal();
}
