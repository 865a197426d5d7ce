package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bearer token authentication by RFC 7662 introspection (spec §5.2 OAuth2IntrospectionConfigWithScopes), end to end,
 * against a real authorization server's introspection endpoint. The listener requires scope write or update.
 */
class IntrospectionAuthTest {
    private static final String ISSUER_ID = "issuer1";
    private static final Duration HOUR = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.startingNow();
    private AuthorizationServer server;
    private SecuredListener listener;

    @BeforeEach
    void startServer() {
        server = new AuthorizationServer(clock);
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        server.close();
    }

    private OAuth2IntrospectionConfig.Builder introspection() {
        return OAuth2IntrospectionConfig.builder(server.introspectionUrl(ISSUER_ID))
                .tokenTypeHint("access_token")
                .clientConfig(HttpClientConfig.builder().auth(new CredentialsConfig("resource-server", "rs-secret"))
                        .build())
                .clock(clock);
    }

    private void listen(OAuth2IntrospectionConfig config) {
        listener = new SecuredListener(OAuth2IntrospectionConfigWithScopes.of(config, "write", "update"));
    }

    private String token(String scope) {
        return server.token(ISSUER_ID, "alice", "duplex", Map.of("scope", scope), HOUR);
    }

    @Test
    void anActiveTokenWithARequiredScopeIsAdmitted() {
        listen(introspection().build());
        assertThat(Peers.whoAmI(listener.url(), new BearerTokenConfig(token("write update"))))
                .isEqualTo("alice update,write");
        assertThat(listener.upgradePrincipals.get(0)).hasValueSatisfying(principal ->
                assertThat(principal.attributes()).containsEntry("active", true)
                        .containsEntry("mechanism", "oauth2-introspection"));
    }

    @Test
    void theCallCarriesTheTokenTheHintTheOptionalParametersAndTheListenersCredentials() {
        listen(introspection().optionalParam("resource", "duplex").build());
        String token = token("write");
        Peers.whoAmI(listener.url(), new BearerTokenConfig(token));
        List<RecordedRequest> requests = server.takeRequests();
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.getPath()).endsWith("/introspect");
            assertThat(request.getHeader("Authorization")).startsWith("Basic ");
            assertThat(request.getBody().readUtf8()).contains("token=" + token)
                    .contains("token_type_hint=access_token").contains("resource=duplex");
        });
    }

    @Test
    void anActiveTokenWithoutARequiredScopeIsRefusedWith403() {
        listen(introspection().build());
        assertThat(Peers.refusal(listener.url(), new BearerTokenConfig(token("read"))).status()).isEqualTo(403);
    }

    @Test
    void anInactiveTokenIsRefusedWith401AndABearerChallenge() {
        listen(introspection().build());
        var refusal = Peers.refusal(listener.url(), new BearerTokenConfig("not-a-token-this-server-issued"));
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body()).endsWith("invalid credentials").doesNotContain("introspect")
                .doesNotContain("127.0.0.1");
        assertThat(refusal.response().header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void anExpiredTokenIsInactiveAndRefusedWith401() {
        listen(introspection().build());
        String token = token("write");
        clock.advance(HOUR.plusMinutes(1));
        assertThat(Peers.refusal(listener.url(), new BearerTokenConfig(token)).status()).isEqualTo(401);
    }

    @Test
    void anActiveAnswerIsCachedUntilTheTokensExp() {
        listen(introspection().cacheConfig(new CacheConfig(100, Duration.ofDays(1))).build());
        String token = token("write");
        assertThat(Peers.whoAmI(listener.url(), new BearerTokenConfig(token))).isEqualTo("alice write");
        server.close();
        // Cached: no call needed while the server is gone.
        assertThat(Peers.whoAmI(listener.url(), new BearerTokenConfig(token))).isEqualTo("alice write");
        clock.advance(HOUR);
        // Past exp the entry is gone; the server is asked again, and it is unreachable.
        assertThat(Peers.refusal(listener.url(), new BearerTokenConfig(token)).status()).isEqualTo(503);
    }

    @Test
    void withTheCacheDisabledEveryUpgradeAsks() {
        listen(introspection().cacheConfig(CacheConfig.DISABLED).build());
        String token = token("write");
        Peers.whoAmI(listener.url(), new BearerTokenConfig(token));
        Peers.whoAmI(listener.url(), new BearerTokenConfig(token));
        assertThat(server.takeRequests()).hasSize(2);
    }

    @Test
    void anEndpointThatRefusesTheListenersOwnCredentialsAnswers503() {
        // Without client authentication the server answers 401 invalid_client (RFC 7662 §2.1 requires one).
        listen(introspection().clientConfig(HttpClientConfig.DEFAULT).build());
        assertThat(Peers.refusal(listener.url(), new BearerTokenConfig(token("write"))).status()).isEqualTo(503);
    }
}
