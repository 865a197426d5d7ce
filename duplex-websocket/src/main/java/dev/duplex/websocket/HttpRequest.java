package dev.duplex.websocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP request received by an {@link HttpListener} route.
 *
 * <p>Thread safety: immutable; the body is copied in and out.
 *
 * @param method     the method, upper case
 * @param path       the decoded path, without the query
 * @param pathParams the parameters of the matched route template
 * @param query      the query parameters with all their values
 * @param headers    the headers, names in lower case
 * @param body       the body (bounded by {@code requestLimits.maxEntityBodySize}, or 1 MiB when that is -1)
 */
public record HttpRequest(String method, String path, Map<String, String> pathParams,
                          Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
    /**
     * A request; the maps and the body are copied. Made by the listener; tests may make their own.
     *
     * @param method     the method, upper case
     * @param path       the decoded path, without the query
     * @param pathParams the parameters of the matched route template; not {@code null}
     * @param query      the query parameters with all their values; not {@code null}
     * @param headers    the headers, names in lower case; not {@code null}
     * @param body       the body; not {@code null}
     * @throws NullPointerException when a map or the body is {@code null}
     */
    public HttpRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /**
     * The first value of a query parameter.
     *
     * @param name the parameter name, exact case
     * @return its first value, or {@code null} when the query has none
     */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return its first value, or {@code null} when the request has none
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** {@return the body decoded as UTF-8 (malformed bytes become U+FFFD)} */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@return the body; a copy, so changing it changes nothing here} */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
