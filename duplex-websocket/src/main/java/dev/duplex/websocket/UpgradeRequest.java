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
     * A path parameter as a typed value: {@code String}, {@code int}, {@code long}, {@code boolean}, {@code double},
     * their boxed forms, an enum (constant name, any case) or {@code UUID}.
     *
     * @param name the parameter's name in the path template
     * @param type the type to read it as
     * @param <T>  the value's type
     * @return the value
     * @throws UpgradeException         with 404 when the value does not convert (as the reference answers); thrown
     *                                  out of {@code onUpgrade}, it becomes the answer
     * @throws IllegalArgumentException when {@code type} is not supported
     */
    default <T> T pathParam(String name, Class<T> type) {
        return dev.duplex.websocket.internal.binding.ParameterConversion.convert(pathParam(name), type,
                "path parameter " + name, 404);
    }

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
     * A mandatory query parameter (its first value) as a typed value; the types of {@link #pathParam(String, Class)}.
     *
     * @param name the parameter's name
     * @param type the type to read it as
     * @param <T>  the value's type
     * @return the value
     * @throws UpgradeException         with 400 when the parameter is missing or does not convert (as the reference
     *                                  answers); thrown out of {@code onUpgrade}, it becomes the answer
     * @throws IllegalArgumentException when {@code type} is not supported
     */
    default <T> T queryParam(String name, Class<T> type) {
        return dev.duplex.websocket.internal.binding.ParameterConversion.convert(queryParam(name), type,
                "query parameter " + name, 400);
    }

    /**
     * An optional query parameter (its first value) as a typed value; see {@link #queryParam(String, Class)}.
     *
     * @param name the parameter's name
     * @param type the type to read it as
     * @param <T>  the value's type
     * @return the value, or empty when the request has none
     * @throws UpgradeException with 400 when the parameter is present but does not convert
     */
    default <T> java.util.Optional<T> optionalQueryParam(String name, Class<T> type) {
        return queryParam(name) == null ? java.util.Optional.empty()
                : java.util.Optional.of(queryParam(name, type));
    }

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

    /**
     * A mandatory header (its first value) as a typed value; the types of {@link #pathParam(String, Class)}.
     *
     * @param name the header's name, any case
     * @param type the type to read it as
     * @param <T>  the value's type
     * @return the value
     * @throws UpgradeException         with 400 when the header is missing or does not convert (the reference answers
     *                                  a missing header with 404, a known flaw); thrown out of {@code onUpgrade}, it
     *                                  becomes the answer
     * @throws IllegalArgumentException when {@code type} is not supported
     */
    default <T> T header(String name, Class<T> type) {
        return dev.duplex.websocket.internal.binding.ParameterConversion.convert(header(name), type,
                "header " + name, 400);
    }

    /**
     * An optional header (its first value) as a typed value; see {@link #header(String, Class)}.
     *
     * @param name the header's name, any case
     * @param type the type to read it as
     * @param <T>  the value's type
     * @return the value, or empty when the request has none
     * @throws UpgradeException with 400 when the header is present but does not convert
     */
    default <T> java.util.Optional<T> optionalHeader(String name, Class<T> type) {
        return header(name) == null ? java.util.Optional.empty() : java.util.Optional.of(header(name, type));
    }

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
