package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.auth.HttpClientConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP calls of this module (JWKS, introspection, token endpoints) on the JDK's {@link HttpClient}, configured by
 * a {@link HttpClientConfig}. Calls block the calling thread: a worker thread on the listener, the connecting thread
 * on the client.
 *
 * <p>Thread safety: safe for concurrent use (the JDK client is).
 */
public final class HttpCalls {
    /** A response: the status and the body as text. */
    public record Response(int status, String body) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClientConfig config;
    private final HttpClient client;

    public HttpCalls(HttpClientConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.sslContext() != null) {
            builder.sslContext(config.sslContext());
        }
        this.client = builder.build();
    }

    /** GET {@code url} accepting JSON. */
    public Response get(URI url) throws IOException {
        return send(request(url).GET().build());
    }

    /**
     * POST {@code form} to {@code url} as {@code application/x-www-form-urlencoded} (RFC 6749 appendix B).
     *
     * @param authorization the {@code Authorization} header, or {@code null} for the configuration's own
     *                      {@link HttpClientConfig#auth()}
     */
    public Response postForm(URI url, Map<String, String> form, String authorization) throws IOException {
        HttpRequest.Builder request = request(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)));
        String header = authorization != null ? authorization
                : config.auth() != null ? config.auth().authorizationHeader() : null;
        if (header != null) {
            request.header("Authorization", header);
        }
        return send(request.build());
    }

    private HttpRequest.Builder request(URI url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(config.requestTimeout())
                .header("Accept", "application/json");
        config.customHeaders().forEach(request::header);
        return request;
    }

    private Response send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + request.uri(), e);
        }
    }

    /** {@code application/x-www-form-urlencoded} of {@code form}, in its order. */
    public static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
