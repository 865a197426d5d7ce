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
 * <p>Thread safety: safe for concurrent connects; one token request at a time (threads that connect meanwhile wait for
 * it). The builders are not thread-safe.
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

    /**
     * {@return {@code "Bearer "} followed by the kept access token, obtained first when there is none or less than a
     * tenth of its lifetime is left} It may block while the token endpoint answers.
     *
     * @throws AuthenticationException when no token can be obtained; the message names the endpoint, the grant and
     *                                 the server's {@code error}
     */
    @Override
    public final String authorizationHeader() {
        return "Bearer " + token.accessToken();
    }

    /** {@return the token endpoint} */
    public URI tokenUrl() {
        return tokenUrl;
    }

    /** {@return the client id, or {@code null} for none} */
    public String clientId() {
        return clientId;
    }

    /** {@return the client secret, or {@code null} for none} */
    public String clientSecret() {
        return clientSecret;
    }

    /** {@return the scopes asked for, sent joined by spaces; empty for none} */
    public List<String> scopes() {
        return scopes;
    }

    /** {@return the further form parameters sent with every token request; read-only} */
    public Map<String, String> optionalParams() {
        return optionalParams;
    }

    /** {@return how the client id and secret are sent; default {@link CredentialBearer#AUTH_HEADER_BEARER}} */
    public CredentialBearer credentialBearer() {
        return credentialBearer;
    }

    /** {@return how much earlier than its expiry a token counts as expired; default 0} */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** {@return the lifetime assumed for a token whose answer has no {@code expires_in}; default 1 hour} */
    public Duration defaultTokenExpTime() {
        return defaultTokenExpTime;
    }

    /** {@return how the token endpoint is called: TLS and timeouts; default {@link HttpClientConfig#DEFAULT}} */
    public HttpClientConfig clientConfig() {
        return clientConfig;
    }

    /** {@return every setting, with the client secret and the parameter values hidden} */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null ? "none" : "****") + ", scopes=" + scopes + ", optionalParams="
                + optionalParams.keySet() + ", credentialBearer=" + credentialBearer + ", clockSkew=" + clockSkew
                + ", defaultTokenExpTime=" + defaultTokenExpTime + ", clientConfig=" + clientConfig + "]";
    }

    /**
     * The settings all grants share; {@link #tokenUrl(String)} is required.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     *
     * @param <C> the configuration it builds
     * @param <B> the builder's own type, returned by every setter
     */
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

        /**
         * Sets the token endpoint; required.
         *
         * @param tokenUrl an {@code http} or {@code https} URL
         * @return this builder
         * @throws IllegalArgumentException when it is not a URI ({@link #build()} refuses other schemes)
         * @throws NullPointerException     when it is {@code null}
         */
        public B tokenUrl(String tokenUrl) {
            this.tokenUrl = URI.create(tokenUrl);
            return self();
        }

        /**
         * Sets the client id; required by some grants.
         *
         * @param clientId the id, or {@code null} for none
         * @return this builder
         */
        public B clientId(String clientId) {
            this.clientId = clientId;
            return self();
        }

        /**
         * Sets the client secret; required by some grants.
         *
         * @param clientSecret the secret, or {@code null} for none
         * @return this builder
         */
        public B clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return self();
        }

        /**
         * Adds scopes to ask for; default none.
         *
         * @param scopes the scopes; no {@code null} entries
         * @return this builder
         */
        public B scopes(String... scopes) {
            this.scopes.addAll(List.of(scopes));
            return self();
        }

        /**
         * Adds a form parameter sent with every token request (or replaces one of that name added before).
         *
         * @param name  the parameter's name; not {@code null}
         * @param value its value; not {@code null}
         * @return this builder
         */
        public B optionalParam(String name, String value) {
            optionalParams.put(name, value);
            return self();
        }

        /**
         * Sets how the client id and secret are sent; default {@link CredentialBearer#AUTH_HEADER_BEARER}.
         *
         * @param credentialBearer the way; not {@code null}
         * @return this builder
         */
        public B credentialBearer(CredentialBearer credentialBearer) {
            this.credentialBearer = credentialBearer;
            return self();
        }

        /**
         * Sets how much earlier than its expiry a token counts as expired; default 0.
         *
         * @param clockSkew the margin; not negative
         * @return this builder
         */
        public B clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return self();
        }

        /**
         * Sets the lifetime assumed for a token whose answer has no {@code expires_in}; default 1 hour.
         *
         * @param defaultTokenExpTime the lifetime; positive
         * @return this builder
         */
        public B defaultTokenExpTime(Duration defaultTokenExpTime) {
            this.defaultTokenExpTime = defaultTokenExpTime;
            return self();
        }

        /**
         * Sets how the token endpoint is called: TLS and timeouts; default {@link HttpClientConfig#DEFAULT}.
         *
         * @param clientConfig the settings; not {@code null}
         * @return this builder
         */
        public B clientConfig(HttpClientConfig clientConfig) {
            this.clientConfig = clientConfig;
            return self();
        }

        /**
         * Sets the time used to decide when a token is renewed; default the system clock.
         *
         * @param clock the clock; not {@code null}
         * @return this builder
         */
        public B clock(Clock clock) {
            this.clock = clock;
            return self();
        }

        /**
         * Builds the configuration, checking the values; no token is requested yet.
         *
         * @return the configuration
         * @throws IllegalArgumentException when the token URL is not {@code http} or {@code https}, a duration is out
         *                                  of range, or a value the grant requires is missing
         * @throws NullPointerException     when the token URL is missing or a value was set to {@code null}
         */
        public abstract C build();
    }
}
