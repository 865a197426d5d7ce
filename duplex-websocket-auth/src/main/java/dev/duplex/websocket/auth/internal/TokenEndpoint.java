package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.auth.CredentialBearer;
import dev.duplex.websocket.auth.HttpClientConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token requests to an OAuth2 token endpoint (RFC 6749 §4.3, §4.4, §6; RFC 7523 §2.1): the form, client
 * authentication, and reading the answer. Failures are {@link AuthenticationException}s that name the endpoint, the
 * grant and what the server said ({@code error} and {@code error_description}, RFC 6749 §5.2).
 *
 * <p>Thread safety: safe for concurrent use.
 */
public final class TokenEndpoint {
    /** Who the client is and how it says so. */
    public record ClientCredentials(String clientId, String clientSecret, CredentialBearer bearer) {
        @Override
        public String toString() {
            return "ClientCredentials[clientId=" + clientId + ", clientSecret=****, bearer=" + bearer + "]";
        }
    }

    private final URI url;
    private final ClientCredentials client;
    private final List<String> scopes;
    private final Map<String, String> optionalParams;
    private final Duration defaultTokenExpTime;
    private final Clock clock;
    private final HttpCalls http;

    public TokenEndpoint(URI url, ClientCredentials client, List<String> scopes, Map<String, String> optionalParams,
                         Duration defaultTokenExpTime, HttpClientConfig clientConfig, Clock clock) {
        this.url = url;
        this.client = client;
        this.scopes = List.copyOf(scopes);
        this.optionalParams = Map.copyOf(optionalParams);
        this.defaultTokenExpTime = defaultTokenExpTime;
        this.clock = clock;
        this.http = new HttpCalls(clientConfig);
    }

    /**
     * Requests a token with {@code grantParameters} ({@code grant_type} and the grant's own), adding the scopes,
     * the optional parameters and the client's credentials.
     *
     * @throws AuthenticationException when the endpoint cannot be reached or refuses
     */
    public IssuedToken request(Map<String, String> grantParameters) {
        Map<String, String> form = new LinkedHashMap<>(grantParameters);
        if (!scopes.isEmpty()) {
            form.put("scope", String.join(" ", scopes));
        }
        optionalParams.forEach(form::putIfAbsent);
        String authorization = null;
        if (client.clientId() != null) {
            if (client.clientSecret() != null && client.bearer() == CredentialBearer.AUTH_HEADER_BEARER) {
                authorization = "Basic " + Base64.getEncoder().encodeToString(
                        (HttpCalls.urlEncode(client.clientId()) + ":" + HttpCalls.urlEncode(client.clientSecret()))
                                .getBytes(StandardCharsets.UTF_8));
            } else {
                form.put("client_id", client.clientId());
                if (client.clientSecret() != null) {
                    form.put("client_secret", client.clientSecret());
                }
            }
        }
        String grant = grantParameters.get("grant_type");
        Instant requestedAt = clock.instant();
        HttpCalls.Response response;
        try {
            response = http.postForm(url, form, authorization);
        } catch (IOException | WebSocketException e) {
            throw new AuthenticationException("cannot get a token from " + url + " (" + grant + " grant): "
                    + e.getMessage(), e);
        }
        Map<String, Object> answer;
        try {
            answer = Json.object(response.body(), "the answer of " + url);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("token endpoint " + url + " answered HTTP " + response.status()
                    + " to the " + grant + " grant with: " + Json.abbreviate(response.body()), e);
        }
        if (!response.isSuccess() || answer.containsKey("error")) {
            Object description = answer.get("error_description");
            throw new AuthenticationException("token endpoint " + url + " refused the " + grant + " grant: HTTP "
                    + response.status() + " " + answer.get("error") + (description == null ? "" : " (" + description
                    + ")"));
        }
        if (!(answer.get("access_token") instanceof String accessToken) || accessToken.isBlank()) {
            throw new AuthenticationException("token endpoint " + url + " answered the " + grant
                    + " grant without access_token");
        }
        Object tokenType = answer.get("token_type");
        if (tokenType != null && !"bearer".equalsIgnoreCase(tokenType.toString())) {
            throw new AuthenticationException("token endpoint " + url + " issued a '" + tokenType
                    + "' token; only bearer tokens are supported");
        }
        Duration lifetime = expiresIn(answer.get("expires_in"));
        Object refreshToken = answer.get("refresh_token");
        return new IssuedToken(accessToken, requestedAt, requestedAt.plus(lifetime),
                refreshToken instanceof String refresh && !refresh.isBlank() ? refresh : null);
    }

    /** {@code expires_in} in seconds (a number, or a numeric string as some servers send); the default when absent. */
    private Duration expiresIn(Object value) {
        try {
            if (value instanceof Number seconds && seconds.longValue() > 0) {
                return Duration.ofSeconds(seconds.longValue());
            }
            if (value instanceof String text && Long.parseLong(text.trim()) > 0) {
                return Duration.ofSeconds(Long.parseLong(text.trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the default
        }
        return defaultTokenExpTime;
    }

    public URI url() {
        return url;
    }
}
