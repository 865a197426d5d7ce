package dev.duplex.websocket;

import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's answer to a client's opening handshake: its status, headers and (for a refusal) the start of its body.
 * The spec's {@code getHttpResponse()}: {@link Client#getHttpResponse()} for an accepted handshake,
 * {@link InvalidHandshakeException#response()} for a refused one.
 *
 * <p>Thread safety: immutable.
 *
 * @param status  the HTTP status (101 when the upgrade was accepted)
 * @param headers the response headers, names in lower case
 * @param body    the start of the body (at most 4 KiB), empty for a 101
 */
public record HandshakeResponse(int status, Map<String, List<String>> headers, String body) {
    /**
     * A response; the header map is copied.
     *
     * @param status  the HTTP status
     * @param headers the response headers, names in lower case; not {@code null}
     * @param body    the start of the body; {@code null} becomes empty
     * @throws NullPointerException when {@code headers} is {@code null}
     */
    public HandshakeResponse {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    /**
     * The first value of a header.
     *
     * @param name the header's name, any case
     * @return its first value, or {@code null} when the response has none
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The cookies the server set with {@code Set-Cookie}; malformed ones are skipped, as browsers do.
     *
     * @return the cookies, in header order; a new list each call
     */
    public List<HttpCookie> cookies() {
        List<HttpCookie> cookies = new ArrayList<>();
        for (String header : headers.getOrDefault("set-cookie", List.of())) {
            try {
                cookies.addAll(HttpCookie.parse(header));
            } catch (IllegalArgumentException malformed) {
                // A malformed Set-Cookie is skipped, as browsers do.
            }
        }
        return cookies;
    }
}
