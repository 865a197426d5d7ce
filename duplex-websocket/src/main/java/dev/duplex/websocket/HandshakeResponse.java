package dev.duplex.websocket;

import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's answer to a client's opening handshake: its status, headers and (for a refusal) the start of its body.
 * The spec's {@code getHttpResponse()}.
 *
 * @param status  the HTTP status (101 when the upgrade was accepted)
 * @param headers the response headers, names in lower case
 * @param body    the start of the body (at most 4 KiB), empty for a 101
 */
public record HandshakeResponse(int status, Map<String, List<String>> headers, String body) {
    public HandshakeResponse {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The cookies the server set with {@code Set-Cookie}. */
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
