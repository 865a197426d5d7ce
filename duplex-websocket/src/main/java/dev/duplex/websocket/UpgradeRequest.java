package dev.duplex.websocket;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
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
    /** {@return the request path, percent-decoded, without the query string} */
    String path();

    /** {@return the request URI as sent: path and query, not decoded} */
    String uri();

    /**
     * A path parameter of the matched template.
     *
     * @param name the parameter's name, e.g. {@code room} in {@code /chat/{room}}
     * @return its percent-decoded value, or {@code null} when the template has no such parameter
     */
    String pathParam(String name);

    /** {@return every path parameter of the matched template, by name; read-only} */
    Map<String, String> pathParams();

    /**
     * The first value of a query parameter.
     *
     * @param name the parameter's name, exact case
     * @return its first decoded value, or {@code null} when the query has none
     */
    String queryParam(String name);

    /** {@return every query parameter with all its decoded values, in request order; read-only} */
    Map<String, List<String>> queryParams();

    /**
     * The first value of a header.
     *
     * @param name the header's name, any case
     * @return its first value, or {@code null} when the request has none
     */
    String header(String name);

    /**
     * Every value of a header.
     *
     * @param name the header's name, any case
     * @return its values in request order; empty when absent
     */
    List<String> headers(String name);

    /** {@return every header, names in lower case, values in request order; read-only} */
    Map<String, List<String>> headers();

    /** {@return the cookies of the {@code Cookie} headers, by name (the first wins when a name repeats); read-only} */
    Map<String, String> cookies();

    /** {@return the sub-protocols the client offered in {@code Sec-WebSocket-Protocol}, in its order of preference} */
    List<String> subProtocols();

    /** {@return the address of the TCP peer (behind a proxy, the proxy's)} */
    InetSocketAddress remoteAddress();

    /** {@return whether the request arrived over TLS} */
    boolean isSecure();

    /**
     * The certificate chain the client presented and the listener verified ({@link MutualSsl}), the client's own
     * certificate first.
     *
     * @return the chain; empty without TLS, without mutual TLS, or when an {@link VerifyClient#OPTIONAL} client
     *         presented none
     */
    default List<X509Certificate> peerCertificates() {
        return List.of();
    }

    /**
     * Adds a header to the 101 Switching Protocols response; a name may be added more than once. Call it before
     * {@link UpgradeService#onUpgrade} returns: later additions are not sent.
     *
     * @param name  the header's name: a token (letters, digits and {@code !#$%&'*+-.^_`|~})
     * @param value the header's value; not {@code null}, no control character but tab (so no CR, LF or NUL), not
     *              starting with whitespace
     * @throws IllegalArgumentException naming the header, when the name is not a token, the value breaks the rule
     *                                  above, or either is {@code null}
     */
    void addResponseHeader(String name, String value);

    /**
     * Who the service's {@code auth} configuration authenticated (spec §5.2).
     *
     * @return the principal; empty when the service has no {@code auth} list
     */
    java.util.Optional<AuthenticatedPrincipal> principal();
}
