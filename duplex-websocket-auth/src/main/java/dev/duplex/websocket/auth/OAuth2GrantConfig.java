package dev.duplex.websocket.auth;

import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.ClientAuthConfig;
import dev.duplex.websocket.auth.internal.IssuedToken;
import dev.duplex.websocket.auth.internal.RenewingToken;
import dev.duplex.websocket.auth.internal.TokenEndpoint;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that gets its bearer token from an OAuth2 token endpoint (spec §5.2, {@code OAuth2GrantConfig}): the
 * client credentials, password, refresh token and JWT bearer grants. Every upgrade request carries
 * {@code Authorization: Bearer <access token>}.
 *
 * <p>The token is fetched at the first connect and kept; once less than a tenth of its lifetime is left (its
 * {@code expires_in}, else {@code defaultTokenExpTime}), counting {@code clockSkew} as gone, the next connect gets a
 * new one — with the {@code refresh_token} that came with the old one when there is one, falling back to the
 * grant itself if the refresh is refused. So a client that reconnects ({@code retryConfig}) presents a valid token.
 * A token that cannot be obtained fails the connect with {@link AuthenticationException} naming the endpoint, the
 * grant and the server's {@code error}.
 *
 * <p>Common settings: {@code tokenUrl}; {@code clientId} and {@code clientSecret}, sent as
 * {@link CredentialBearer} says; {@code scopes} (joined by spaces); {@code optionalParams}; {@code clockSkew}
 * (default 0); {@code defaultTokenExpTime} (default 1 hour); {@code clientConfig} for TLS and timeouts of the call.
 *
 * <p>Thread safety: safe for concurrent connects; one token request at a time.
 */
public abstract sealed class OAuth2GrantConfig implements ClientAuthConfig
        permits OAuth2ClientCredentialsGrantConfig, OAuth2PasswordGrantConfig, OAuth2RefreshTokenGrantConfig,
        OAuth2JwtBearerGrantConfig {
    private static final Logger LOG = LoggerFactory.getLogger(OAuth2GrantConfig.class);

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final List<String> scopes;
    private final Map<String, String> optionalParams;
    private final CredentialBearer credentialBearer;
    private final Duration clockSkew;
    private final Duration defaultTokenExpTime;
    private final HttpClientConfig clientConfig;
    private final TokenEndpoint endpoint;
    private final RenewingToken token;

    OAuth2GrantConfig(Builder<?, ?> builder) {
        this.tokenUrl = Objects.requireNonNull(builder.tokenUrl, "tokenUrl is required");
        if (!"https".equalsIgnoreCase(tokenUrl.getScheme()) && !"http".equalsIgnoreCase(tokenUrl.getScheme())) {
            throw new IllegalArgumentException("tokenUrl must be http or https, was " + tokenUrl);
        }
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.scopes = List.copyOf(builder.scopes);
        this.optionalParams = Map.copyOf(builder.optionalParams);
        this.credentialBearer = Objects.requireNonNull(builder.credentialBearer, "credentialBearer must not be null");
        this.clockSkew = Objects.requireNonNull(builder.clockSkew, "clockSkew must not be null");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew cannot be negative, was " + clockSkew);
        }
        this.defaultTokenExpTime = Objects.requireNonNull(builder.defaultTokenExpTime,
                "defaultTokenExpTime must not be null");
        if (defaultTokenExpTime.isNegative() || defaultTokenExpTime.isZero()) {
            throw new IllegalArgumentException("defaultTokenExpTime must be positive, was " + defaultTokenExpTime);
        }
        this.clientConfig = Objects.requireNonNull(builder.clientConfig, "clientConfig must not be null");
        Clock clock = Objects.requireNonNull(builder.clock, "clock must not be null");
        this.endpoint = new TokenEndpoint(tokenUrl, new TokenEndpoint.ClientCredentials(clientId, clientSecret,
                credentialBearer), scopes, optionalParams, defaultTokenExpTime, clientConfig, clock);
        this.token = new RenewingToken(this::obtain, clock, clockSkew);
    }

    /** The form parameters of this grant, {@code grant_type} first. */
    abstract Map<String, String> grantParameters();

    private IssuedToken obtain(IssuedToken previous) {
        if (previous != null && previous.refreshToken() != null) {
            try {
                return endpoint.request(refreshParameters(previous.refreshToken()));
            } catch (AuthenticationException refused) {
                LOG.debug("refreshing the token at {} failed; asking with the {} grant again: {}", tokenUrl,
                        grantParameters().get("grant_type"), refused.getMessage());
            }
        }
        return endpoint.request(grantParameters());
    }

    static Map<String, String> refreshParameters(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return form;
    }

    @Override
    public final String authorizationHeader() {
        return "Bearer " + token.accessToken();
    }

    public URI tokenUrl() {
        return tokenUrl;
    }

    /** The client id, or {@code null}. */
    public String clientId() {
        return clientId;
    }

    /** The client secret, or {@code null}. */
    public String clientSecret() {
        return clientSecret;
    }

    public List<String> scopes() {
        return scopes;
    }

    public Map<String, String> optionalParams() {
        return optionalParams;
    }

    public CredentialBearer credentialBearer() {
        return credentialBearer;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public Duration defaultTokenExpTime() {
        return defaultTokenExpTime;
    }

    public HttpClientConfig clientConfig() {
        return clientConfig;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null ? "none" : "****") + ", scopes=" + scopes + ", optionalParams="
                + optionalParams.keySet() + ", credentialBearer=" + credentialBearer + ", clockSkew=" + clockSkew
                + ", defaultTokenExpTime=" + defaultTokenExpTime + ", clientConfig=" + clientConfig + "]";
    }

    /** The settings all grants share. */
    public abstract static sealed class Builder<C extends OAuth2GrantConfig, B extends Builder<C, B>>
            permits OAuth2ClientCredentialsGrantConfig.Builder, OAuth2PasswordGrantConfig.Builder,
            OAuth2RefreshTokenGrantConfig.Builder, OAuth2JwtBearerGrantConfig.Builder {
        URI tokenUrl;
        String clientId;
        String clientSecret;
        final List<String> scopes = new ArrayList<>();
        final Map<String, String> optionalParams = new LinkedHashMap<>();
        CredentialBearer credentialBearer = CredentialBearer.AUTH_HEADER_BEARER;
        Duration clockSkew = Duration.ZERO;
        Duration defaultTokenExpTime = Duration.ofHours(1);
        HttpClientConfig clientConfig = HttpClientConfig.DEFAULT;
        Clock clock = Clock.systemUTC();

        Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        public B tokenUrl(String tokenUrl) {
            this.tokenUrl = URI.create(tokenUrl);
            return self();
        }

        public B clientId(String clientId) {
            this.clientId = clientId;
            return self();
        }

        public B clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return self();
        }

        public B scopes(String... scopes) {
            this.scopes.addAll(List.of(scopes));
            return self();
        }

        public B optionalParam(String name, String value) {
            optionalParams.put(name, value);
            return self();
        }

        public B credentialBearer(CredentialBearer credentialBearer) {
            this.credentialBearer = credentialBearer;
            return self();
        }

        public B clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return self();
        }

        public B defaultTokenExpTime(Duration defaultTokenExpTime) {
            this.defaultTokenExpTime = defaultTokenExpTime;
            return self();
        }

        public B clientConfig(HttpClientConfig clientConfig) {
            this.clientConfig = clientConfig;
            return self();
        }

        /** The time used to decide when a token is renewed; default the system clock. */
        public B clock(Clock clock) {
            this.clock = clock;
            return self();
        }

        public abstract C build();
    }
}
