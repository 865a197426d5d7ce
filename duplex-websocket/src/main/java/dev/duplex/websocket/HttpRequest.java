package dev.duplex.websocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP request received by an {@link HttpListener} route.
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
    public HttpRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** The first value of query parameter {@code name}, or {@code null}. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body; a copy. */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
