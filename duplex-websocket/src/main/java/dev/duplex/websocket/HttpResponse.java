package dev.duplex.websocket;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A plain HTTP response from an {@link HttpHandler}.
 *
 * @param status      the status code
 * @param contentType the {@code Content-Type}
 * @param headers     further headers
 * @param body        the body
 */
public record HttpResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public HttpResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be in 200-599, was " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** A {@code text/plain} response. */
    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code application/json} response of the given JSON text. */
    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, "application/json", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code text/html} response. */
    public static HttpResponse html(int status, String html) {
        return new HttpResponse(status, "text/html; charset=utf-8", Map.of(), html.getBytes(StandardCharsets.UTF_8));
    }

    /** A response with any content type. */
    public static HttpResponse of(int status, String contentType, byte[] body) {
        return new HttpResponse(status, contentType, Map.of(), body);
    }

    /** This response with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.put(name, value);
        return new HttpResponse(status, contentType, next, body);
    }

    /** The body; a copy. */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
