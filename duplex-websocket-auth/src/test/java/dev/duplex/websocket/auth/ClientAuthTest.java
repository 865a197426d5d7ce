package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.RetryConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's auth configurations (spec §5.2 client side), each end to end: tokens from a real authorization server
 * (or signed by the client itself) presented to our listener, which validates them.
 */
class ClientAuthTest {
    private static final String ISSUER_ID = "issuer1";
    private static final Duration HOUR = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.startingNow();
    private AuthorizationServer server;
    private SecuredListener listener;

    @TempDir
    Path temp;

    @BeforeEach
    void startServer() {
        server = new AuthorizationServer(clock,
                AuthorizationServer.tokens(ISSUER_ID, "alice", "duplex", Map.of("scope", "write"), HOUR));
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        server.close();
    }

    /** A listener that validates the authorization server's JWTs and requires scope write. */
    private void listenWithJwks() {
        listener = new SecuredListener(JwtValidatorConfigWithScopes.of(JwtValidatorConfig.builder()
                .issuer(server.issuer(ISSUER_ID)).audience("duplex")
                .signatureConfig(ValidatorSignatureConfig.jwks(server.jwksUrl(ISSUER_ID)))
                .clock(clock).build(), "write"));
    }

    private OAuth2ClientCredentialsGrantConfig.Builder clientCredentials() {
        return OAuth2ClientCredentialsGrantConfig.builder().tokenUrl(server.tokenUrl(ISSUER_ID))
                .clientId("client-1").clientSecret("secret-1").scopes("write").clock(clock);
    }

    private AuthenticatedPrincipal principal(int connection) {
        return listener.upgradePrincipals.get(connection).orElseThrow();
    }

    @Test
    void basicCredentialsAreSentAsAnAuthorizationHeader() {
        assertThat(new CredentialsConfig("alice", "pässword").authorizationHeader()).isEqualTo(
                "Basic " + Base64.getEncoder().encodeToString("alice:pässword".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(new CredentialsConfig("alice", "x").toString()).doesNotContain("x]").contains("****");
    }

    @Test
    void aBearerTokenFromTheAuthorizationServerIsAdmitted() {
        listenWithJwks();
        String token = server.token(ISSUER_ID, "bob", "duplex", Map.of("scope", "write"), HOUR);
        assertThat(Peers.whoAmI(listener.url(), new BearerTokenConfig(token))).isEqualTo("bob write");
    }

    @Test
    void theClientCredentialsGrantGetsATokenTheListenerAdmits() {
        listenWithJwks();
        assertThat(Peers.whoAmI(listener.url(), clientCredentials().build())).isEqualTo("client-1 write");
        RecordedRequest tokenRequest = server.takeRequests().get(0);
        assertThat(tokenRequest.getPath()).endsWith("/token");
        assertThat(tokenRequest.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("client-1:secret-1".getBytes()));
        assertThat(tokenRequest.getBody().readUtf8()).contains("grant_type=client_credentials").contains("scope=write");
    }

    @Test
    void theClientSecretMayTravelInTheRequestBody() {
        listenWithJwks();
        var config = clientCredentials().credentialBearer(CredentialBearer.POST_BODY_BEARER)
                .optionalParam("audience", "duplex").build();
        assertThat(Peers.whoAmI(listener.url(), config)).isEqualTo("client-1 write");
        RecordedRequest tokenRequest = server.takeRequests().get(0);
        assertThat(tokenRequest.getHeader("Authorization")).isNull();
        assertThat(tokenRequest.getBody().readUtf8()).contains("client_id=client-1").contains("client_secret=secret-1")
                .contains("audience=duplex");
    }

    @Test
    void thePasswordGrantGetsATokenTheListenerAdmitsByIntrospection() {
        listener = new SecuredListener(OAuth2IntrospectionConfigWithScopes.of(OAuth2IntrospectionConfig
                .builder(server.introspectionUrl(ISSUER_ID))
                .clientConfig(HttpClientConfig.builder().auth(new CredentialsConfig("rs", "rs-secret")).build())
                .clock(clock).build(), "write"));
        var config = OAuth2PasswordGrantConfig.builder().tokenUrl(server.tokenUrl(ISSUER_ID))
                .username("johndoe").password("A3ddj3w").clientId("client-1").clientSecret("secret-1")
                .scopes("write").clock(clock).build();
        assertThat(Peers.whoAmI(listener.url(), config)).isEqualTo("johndoe write");
        assertThat(config.toString()).doesNotContain("A3ddj3w").doesNotContain("secret-1");
    }

    @Test
    void theRefreshTokenGrantGetsATokenTheListenerAdmits() {
        listenWithJwks();
        server.enqueue(AuthorizationServer.tokens(ISSUER_ID, "carol", "duplex", Map.of("scope", "write"), HOUR));
        var config = OAuth2RefreshTokenGrantConfig.builder().refreshUrl(server.tokenUrl(ISSUER_ID))
                .refreshToken("refresh-1").clientId("client-1").clientSecret("secret-1").clock(clock).build();
        assertThat(Peers.whoAmI(listener.url(), config)).isEqualTo("carol write");
    }

    @Test
    void theJwtBearerGrantTradesASelfIssuedAssertionForATokenTheListenerAdmits() {
        listenWithJwks();
        JwtIssuerConfig assertion = JwtIssuerConfig.builder(IssuerSignatureConfig.secret(SigningAlgorithm.HS256,
                        "an assertion secret of 32+ bytes!"))
                .issuer("client-1").username("svc").audience(server.tokenUrl(ISSUER_ID))
                .customClaim("scope", "write").expTime(Duration.ofMinutes(1)).clock(clock).build();
        var config = OAuth2JwtBearerGrantConfig.builder().tokenUrl(server.tokenUrl(ISSUER_ID))
                .assertionIssuer(assertion).scopes("write").clock(clock).build();
        assertThat(Peers.whoAmI(listener.url(), config)).isEqualTo("svc write");
        assertThat(server.takeRequests().get(0).getBody().readUtf8())
                .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer").contains("assertion=");
    }

    @Test
    void aRefusedGrantFailsTheConnectWithAnAuthenticationExceptionNamingTheServersError() {
        listenWithJwks();
        // An assertion that is no JWT: the server answers 400 invalid_request.
        var config = OAuth2JwtBearerGrantConfig.builder().tokenUrl(server.tokenUrl(ISSUER_ID))
                .assertion("not-a-jwt").build();
        assertThatThrownBy(() -> new Client(listener.url(), Peers.configuration().auth(config).build()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(server.tokenUrl(ISSUER_ID))
                .hasMessageContaining("urn:ietf:params:oauth:grant-type:jwt-bearer grant")
                .hasMessageContaining("HTTP 400 invalid_request");
    }

    @Test
    void anUnreachableTokenEndpointFailsTheConnectWithAnAuthenticationException() throws Exception {
        listenWithJwks();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        var config = OAuth2ClientCredentialsGrantConfig.builder()
                .tokenUrl("http://127.0.0.1:" + closedPort + "/token").clientId("c").clientSecret("s").build();
        assertThatThrownBy(() -> new Client(listener.url(), Peers.configuration().auth(config).build()))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("cannot get a token");
    }

    @Test
    void aTokenIsReusedWhileItIsFresh() {
        listenWithJwks();
        var config = clientCredentials().build();
        Peers.whoAmI(listener.url(), config);
        clock.advance(Duration.ofMinutes(30));
        Peers.whoAmI(listener.url(), config);
        assertThat(principal(1).attributes().get("jti")).isEqualTo(principal(0).attributes().get("jti"));
        assertThat(server.takeRequests()).filteredOn(r -> r.getPath().endsWith("/token")).hasSize(1);
    }

    @Test
    void aTokenCloseToExpiringIsRenewedBeforeTheNextConnect() {
        listenWithJwks();
        var config = clientCredentials().build();
        Peers.whoAmI(listener.url(), config);
        clock.advance(Duration.ofMinutes(55));
        assertThat(Peers.whoAmI(listener.url(), config)).isEqualTo("client-1 write");
        assertThat(principal(1).attributes().get("jti")).isNotEqualTo(principal(0).attributes().get("jti"));
    }

    @Test
    void aClientThatReconnectsAfterItsTokenExpiredPresentsANewValidToken() throws Exception {
        listenWithJwks();
        var config = Peers.configuration().auth(clientCredentials().build())
                .retryConfig(new RetryConfig(5, Duration.ofMillis(50), 1.0, Duration.ofSeconds(1))).build();
        try (CuttableProxy proxy = new CuttableProxy(listener.port());
             Client client = new Client("ws://127.0.0.1:" + proxy.port() + "/secure", config)) {
            client.writeTextMessage("who am I?");
            assertThat(client.readTextMessage()).isEqualTo("client-1 write");

            clock.advance(Duration.ofHours(2)); // the first token has expired, for the listener too
            proxy.cutAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isOpen());

            client.writeTextMessage("and now?");
            assertThat(client.readTextMessage()).isEqualTo("client-1 write");
        }
        assertThat(listener.upgradePrincipals).hasSize(2);
        assertThat(principal(1).attributes().get("jti")).isNotEqualTo(principal(0).attributes().get("jti"));
    }

    @Test
    void aSelfIssuedRs256JwtFromAKeyFileIsAdmittedByAListenerWithTheCertFile() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path privateKey = pem(temp.resolve("private.pem"), "PRIVATE KEY", keys.getPrivate().getEncoded());
        Path publicKey = pem(temp.resolve("public.pem"), "PUBLIC KEY", keys.getPublic().getEncoded());
        listener = new SecuredListener(JwtValidatorConfigWithScopes.of(JwtValidatorConfig.builder()
                .issuer("client-app").audience("duplex").customClaim("tenant", "acme").keyId("key-1")
                .signatureConfig(ValidatorSignatureConfig.certFile(publicKey)).build(), "write"));
        var issuer = JwtIssuerConfig.builder(IssuerSignatureConfig.keyFile(SigningAlgorithm.RS256, privateKey))
                .issuer("client-app").username("dave").audience("duplex").keyId("key-1")
                .customClaim("tenant", "acme").customClaim("scope", "write").build();
        assertThat(Peers.whoAmI(listener.url(), issuer)).isEqualTo("dave write");
    }

    @Test
    void aSelfIssuedEs256JwtFromAKeyStoreIsAdmittedByAListenerWithTheTrustStoreCertificate() throws Exception {
        var keyStore = TestKeyStores.load(TestKeyStores.selfSigned(temp.resolve("client.p12"), "EC"));
        listener = new SecuredListener(JwtValidatorConfigWithScopes.of(JwtValidatorConfig.builder()
                .signatureConfig(ValidatorSignatureConfig.trustStore(keyStore, TestKeyStores.ALIAS)).build(), "write"));
        var issuer = JwtIssuerConfig.builder(IssuerSignatureConfig.keyStore(SigningAlgorithm.ES256, keyStore,
                TestKeyStores.ALIAS, TestKeyStores.PASSWORD.toCharArray()))
                .username("erin").customClaim("scope", "write").build();
        assertThat(Peers.whoAmI(listener.url(), issuer)).isEqualTo("erin write");
    }

    @Test
    void aSelfIssuedHs256JwtIsAdmittedByAListenerWithTheSameSecret() {
        String secret = "a shared secret of at least 32 bytes";
        listener = new SecuredListener(JwtValidatorConfigWithScopes.of(JwtValidatorConfig.builder()
                .signatureConfig(ValidatorSignatureConfig.secret(secret)).build(), "write"));
        var issuer = JwtIssuerConfig.builder(IssuerSignatureConfig.secret(SigningAlgorithm.HS256, secret))
                .username("frank").customClaim("scope", "write").build();
        assertThat(Peers.whoAmI(listener.url(), issuer)).isEqualTo("frank write");
        var wrongSecret = JwtIssuerConfig.builder(IssuerSignatureConfig.secret(SigningAlgorithm.HS256,
                "another secret of at least 32 bytes")).username("frank").customClaim("scope", "write").build();
        assertThat(Peers.refusal(listener.url(), wrongSecret).status()).isEqualTo(401);
    }

    @Test
    void aSelfIssuedJwtIsSignedAgainBeforeItExpires() {
        var issuer = JwtIssuerConfig.builder(IssuerSignatureConfig.secret(SigningAlgorithm.HS256,
                "a shared secret of at least 32 bytes")).expTime(Duration.ofMinutes(5)).clock(clock).build();
        String first = issuer.authorizationHeader();
        clock.advance(Duration.ofMinutes(4));
        assertThat(issuer.authorizationHeader()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(31));
        assertThat(issuer.authorizationHeader()).isNotEqualTo(first);
    }

    @Test
    void aKeyThatDoesNotFitTheAlgorithmIsRefusedWhenTheConfigurationIsMade() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var key = generator.generateKeyPair().getPrivate();
        assertThatThrownBy(() -> IssuerSignatureConfig.privateKey(SigningAlgorithm.ES256, key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ES256 needs an EC private key");
        assertThatThrownBy(() -> IssuerSignatureConfig.secret(SigningAlgorithm.HS512, "only 32 bytes long, not 64!!!!!"))
                .hasMessageContaining("at least 64 bytes");
    }

    private static Path pem(Path file, String label, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n");
        return file;
    }

    @SuppressWarnings("unused")
    private static List<String> paths(List<RecordedRequest> requests) {
        return requests.stream().map(RecordedRequest::getPath).toList();
    }
}
