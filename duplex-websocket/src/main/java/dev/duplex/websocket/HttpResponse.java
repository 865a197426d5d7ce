package dev.duplex.websocket;

import dev.duplex.websocket.internal.protocol.HeaderFieldRules;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A plain HTTP response from an {@link HttpHandler}. Make one with {@link #text}, {@link #json}, {@link #html} or
 * {@link #of}, and add headers with {@link #withHeader}. {@code Content-Length} is set by the listener.
 *
 * <p>Thread safety: immutable; the body is copied in and out.
 *
 * @param status      the status code, 200–599
 * @param contentType the {@code Content-Type}
 * @param headers     further headers, by name
 * @param body        the body
 */
public record HttpResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    /**
     * A response; the headers and the body are copied.
     *
     * @param status      the status code, 200–599
     * @param contentType the {@code Content-Type}; not {@code null}, a valid header value
     * @param headers     further headers, by name; not {@code null}; each name a token (letters, digits and
     *                    {@code !#$%&'*+-.^_`|~}), each value free of control characters but tab (so no CR, LF
     *                    or NUL) and not starting with whitespace
     * @param body        the body; not {@code null}, may be empty
     * @throws IllegalArgumentException when {@code status} is outside 200–599, or a header or the content type
     *                                  breaks the rules above (the message names the header)
     * @throws NullPointerException     when {@code contentType}, {@code headers} or {@code body} is {@code null}
     */
    public HttpResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be in 200-599, was " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        HeaderFieldRules.check("Content-Type", contentType, "HttpResponse.contentType");
        headers = Map.copyOf(headers);
        headers.forEach((name, value) -> HeaderFieldRules.check(name, value, "HttpResponse.headers"));
        body = body.clone();
    }

    /**
     * A {@code text/plain; charset=utf-8} response.
     *
     * @param status the status code, 200–599
     * @param text   the body, sent as UTF-8
     * @return the response
     * @throws IllegalArgumentException when {@code status} is outside 200–599
     */
    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An {@code application/json} response of the given JSON text (not checked).
     *
     * @param status the status code, 200–599
     * @param json   the body, sent as UTF-8
     * @return the response
     * @throws IllegalArgumentException when {@code status} is outside 200–599
     */
    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, "application/json", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A {@code text/html; charset=utf-8} response.
     *
     * @param status the status code, 200–599
     * @param html   the body, sent as UTF-8
     * @return the response
     * @throws IllegalArgumentException when {@code status} is outside 200–599
     */
    public static HttpResponse html(int status, String html) {
        return new HttpResponse(status, "text/html; charset=utf-8", Map.of(), html.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A response with any content type.
     *
     * @param status      the status code, 200–599
     * @param contentType the {@code Content-Type}, e.g. {@code "image/png"}
     * @param body        the body; copied
     * @return the response
     * @throws IllegalArgumentException when {@code status} is outside 200–599
     */
    public static HttpResponse of(int status, String contentType, byte[] body) {
        return new HttpResponse(status, contentType, Map.of(), body);
    }

    /**
     * This response with one more header (or another value for a header it has).
     *
     * @param name  the header name: a token (letters, digits and {@code !#$%&'*+-.^_`|~})
     * @param value the header value; no control character but tab (so no CR, LF or NUL), not starting with
     *              whitespace
     * @return a new response; this one is unchanged
     * @throws IllegalArgumentException naming the header, when the name or the value breaks these rules
     */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.put(name, value);
        return new HttpResponse(status, contentType, next, body);
    }

    /** {@return the body; a copy, so changing it changes nothing here} */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
