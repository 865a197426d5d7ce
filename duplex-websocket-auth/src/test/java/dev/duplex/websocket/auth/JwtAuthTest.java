package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.InvalidHandshakeException;
import java.net.HttpCookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.token.KeyProvider;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer JWT authentication (spec §5.2 JwtValidatorConfigWithScopes), end to end, with keys from the JWKS of a real
 * authorization server. The listener requires scope write or update.
 */
class JwtAuthTest {
    private static final String ISSUER_ID = "issuer1";
    private static final Duration HOUR = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.startingNow();
    private final CapturedLog log = new CapturedLog();
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
        log.close();
    }

    private JwtValidatorConfig.Builder validator() {
        return JwtValidatorConfig.builder()
                .issuer(server.issuer(ISSUER_ID))
                .audience("duplex")
                .signatureConfig(ValidatorSignatureConfig.jwks(server.jwksUrl(ISSUER_ID)))
                .clock(clock);
    }

    private void listen(JwtValidatorConfig config) {
        listener = new SecuredListener(JwtValidatorConfigWithScopes.of(config, "write", "update"));
    }

    private String token(Map<String, Object> claims) {
        return server.token(ISSUER_ID, "alice", "duplex", claims, HOUR);
    }

    private static BearerTokenConfig bearer(String token) {
        return new BearerTokenConfig(token);
    }

    /**
     * The 401's body says only that the credentials are invalid: no expected issuer or audience, no clock, skew or
     * key source; the reason, {@code loggedReason}, is in the listener's log.
     */
    private void assertRefusedWithoutDetails(InvalidHandshakeException refusal, String loggedReason) {
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body()).endsWith("invalid credentials")
                .doesNotContain(server.issuer(ISSUER_ID)).doesNotContain("duplex").doesNotContain("now ")
                .doesNotContain("skew").doesNotContain("jwks");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.text()).contains(loggedReason));
    }

    @Test
    void aValidTokenWithARequiredScopeIsAdmittedAndTheCallerSeesItsScopes() {
        listen(validator().build());
        assertThat(Peers.whoAmI(listener.url(), bearer(token(Map.of("scope", "write read")))))
                .isEqualTo("alice read,write");
        assertThat(listener.upgradePrincipals.get(0)).hasValueSatisfying(principal -> {
            assertThat(principal.attributes()).containsEntry("iss", server.issuer(ISSUER_ID))
                    .containsEntry("mechanism", "jwt");
        });
    }

    @Test
    void scopesMayBeAnArrayUnderAnotherClaim() {
        listen(validator().scopeKey("scp").build());
        assertThat(Peers.whoAmI(listener.url(), bearer(token(Map.of("scp", List.of("update", "admin"))))))
                .isEqualTo("alice admin,update");
    }

    @Test
    void aValidTokenWithoutARequiredScopeIsRefusedWith403() {
        listen(validator().build());
        assertThat(Peers.refusal(listener.url(), bearer(token(Map.of("scope", "read")))).status()).isEqualTo(403);
    }

    @Test
    void aRequestWithoutATokenIsRefusedWith401AndABearerChallenge() {
        listen(validator().build());
        var refusal = Peers.refusal(listener.url(), Peers.configuration().build());
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.response().header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void anExpiredTokenIsRefusedWith401() {
        listen(validator().build());
        String token = token(Map.of("scope", "write"));
        clock.advance(HOUR.plusSeconds(1));
        var refusal = Peers.refusal(listener.url(), bearer(token));
        assertThat(refusal.status()).isEqualTo(401);
        assertRefusedWithoutDetails(refusal, "expired");
    }

    @Test
    void aTokenExpiredByLessThanTheClockSkewIsAdmitted() {
        listen(validator().clockSkew(Duration.ofSeconds(60)).build());
        String token = token(Map.of("scope", "write"));
        clock.advance(HOUR.plusSeconds(30));
        assertThat(Peers.whoAmI(listener.url(), bearer(token))).isEqualTo("alice write");
    }

    @Test
    void aTokenNotYetValidIsRefusedWith401() {
        listen(validator().build());
        String token = token(Map.of("scope", "write"));
        clock.advance(Duration.ofMinutes(-10));
        var refusal = Peers.refusal(listener.url(), bearer(token));
        assertThat(refusal.status()).isEqualTo(401);
        assertRefusedWithoutDetails(refusal, "not valid before");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefusedWith401() {
        listen(validator().issuer("https://issuer.example").build());
        var refusal = Peers.refusal(listener.url(), bearer(token(Map.of("scope", "write"))));
        assertThat(refusal.status()).isEqualTo(401);
        assertRefusedWithoutDetails(refusal, "issuer '" + server.issuer(ISSUER_ID) + "' is not the expected");
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedWith401() {
        listen(validator().build());
        String token = server.token(ISSUER_ID, "alice", "someone-else", Map.of("scope", "write"), HOUR);
        var refusal = Peers.refusal(listener.url(), bearer(token));
        assertThat(refusal.status()).isEqualTo(401);
        assertRefusedWithoutDetails(refusal, "audience");
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheIssuersKeyIdIsRefusedWith401() throws Exception {
        listen(validator().build());
        SignedJWT genuine = SignedJWT.parse(token(Map.of("scope", "write")));
        RSAKey forger = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(forger.getKeyID()).type(JOSEObjectType.JWT).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(forger));
        var refusal = Peers.refusal(listener.url(), bearer(forged.serialize()));
        assertThat(refusal.status()).isEqualTo(401);
        assertRefusedWithoutDetails(refusal, "signature does not verify");
    }

    @Test
    void aTokenWhosePayloadWasChangedIsRefusedWith401() {
        listen(validator().build());
        String[] parts = token(Map.of("scope", "read")).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"read\"", "\"write\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        assertThat(Peers.refusal(listener.url(), bearer(tampered)).status()).isEqualTo(401);
    }

    @Test
    void anUnsignedTokenWithAlgNoneIsRefusedWith401() throws Exception {
        listen(validator().build());
        JWTClaimsSet claims = SignedJWT.parse(token(Map.of("scope", "write"))).getJWTClaimsSet();
        var refusal = Peers.refusal(listener.url(), bearer(new PlainJWT(claims).serialize()));
        assertThat(refusal.status()).isEqualTo(401);
        assertRefusedWithoutDetails(refusal, "alg: none");
    }

    @Test
    void anHmacTokenKeyedWithTheIssuersPublicKeyIsRefusedAsAlgorithmConfusion() throws Exception {
        listen(validator().build());
        SignedJWT genuine = SignedJWT.parse(token(Map.of("scope", "write")));
        String jwks = new String(java.net.URI.create(server.jwksUrl(ISSUER_ID)).toURL().openStream().readAllBytes());
        RSAKey publicKey = (RSAKey) com.nimbusds.jose.jwk.JWKSet.parse(jwks).getKeys().get(0);
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(publicKey.getKeyID()).build(), genuine.getJWTClaimsSet());
        confused.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));
        var refusal = Peers.refusal(listener.url(), bearer(confused.serialize()));
        assertThat(refusal.status()).isEqualTo(401);
        assertRefusedWithoutDetails(refusal, "does not fit");
    }

    @Test
    void aTokenWithoutExpIsRefusedUnlessAllowed() throws Exception {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();
        SignedJWT noExp = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().subject("alice").claim("scope", "write").build());
        noExp.sign(new MACSigner(secret));
        listen(JwtValidatorConfig.builder().signatureConfig(new ValidatorSignatureConfig.Secret(secret)).build());
        var refusal = Peers.refusal(listener.url(), bearer(noExp.serialize()));
        assertThat(refusal.status()).isEqualTo(401);
        assertRefusedWithoutDetails(refusal, "no exp");
        listener.close();
        listen(JwtValidatorConfig.builder().signatureConfig(new ValidatorSignatureConfig.Secret(secret))
                .requireExpirationTime(false).build());
        assertThat(Peers.whoAmI(listener.url(), bearer(noExp.serialize()))).isEqualTo("alice write");
    }

    @Test
    void afterTheIssuerRotatesItsKeyTheListenerFetchesTheNewKeyOnItsUnknownKeyId() throws Exception {
        AtomicReference<JWK> signingKey = new AtomicReference<>(new RSAKeyGenerator(2048).keyID("k1").generate());
        KeyProvider rotating = new KeyProvider() {
            @Override
            public JWK signingKey(String issuerId) {
                return signingKey.get();
            }
        };
        try (AuthorizationServer rotatingServer = new AuthorizationServer(clock, rotating)) {
            listen(JwtValidatorConfig.builder()
                    .signatureConfig(ValidatorSignatureConfig.jwks(rotatingServer.jwksUrl(ISSUER_ID)))
                    .clock(clock).build());
            String before = rotatingServer.token(ISSUER_ID, "alice", "duplex", Map.of("scope", "write"), HOUR);
            assertThat(Peers.whoAmI(listener.url(), bearer(before))).isEqualTo("alice write");

            signingKey.set(new RSAKeyGenerator(2048).keyID("k2").generate());
            String after = rotatingServer.token(ISSUER_ID, "bob", "duplex", Map.of("scope", "write"), HOUR);
            assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo("k2");
            assertThat(Peers.whoAmI(listener.url(), bearer(after))).isEqualTo("bob write");
            // The old key left the JWKS: its tokens are refused now.
            assertThat(Peers.refusal(listener.url(), bearer(before)).status()).isEqualTo(401);
        }
    }

    @Test
    void tokensWithMadeUpKeyIdsDoNotMakeTheListenerFetchTheJwksAgainWithinTheMinimumInterval() throws Exception {
        listen(validator().build());
        Peers.whoAmI(listener.url(), bearer(token(Map.of("scope", "write"))));
        server.takeRequests();
        for (int i = 0; i < 3; i++) {
            RSAKey forger = new RSAKeyGenerator(2048).keyID("made-up-" + i).generate();
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(forger.getKeyID())
                    .build(), new JWTClaimsSet.Builder().subject("mallory").build());
            forged.sign(new RSASSASigner(forger));
            assertThat(Peers.refusal(listener.url(), bearer(forged.serialize())).status()).isEqualTo(401);
        }
        List<RecordedRequest> fetches = server.takeRequests();
        assertThat(fetches).hasSize(1);
        assertThat(fetches.get(0).getPath()).endsWith("/jwks");
    }

    @Test
    void theTokenMayComeFromAQueryParameterWhenOptedIn() {
        String token = token(Map.of("scope", "write"));
        listen(validator().build());
        assertThat(Peers.refusal(listener.url() + "?access_token=" + token, Peers.configuration().build()).status())
                .isEqualTo(401);
        listener.close();
        listen(validator().tokenSource(BearerTokenSource.queryParameter("access_token")).build());
        assertThat(Peers.whoAmI(listener.url() + "?access_token=" + token, Peers.configuration().build()))
                .isEqualTo("alice write");
    }

    @Test
    void theTokenMayComeFromACookieWhenOptedIn() {
        listen(validator().tokenSource(BearerTokenSource.cookie("duplex_token")).build());
        HttpCookie cookie = new HttpCookie("duplex_token", token(Map.of("scope", "write")));
        cookie.setPath("/");
        assertThat(Peers.whoAmI(listener.url(), Peers.configuration().cookies(List.of(cookie)).build()))
                .isEqualTo("alice write");
    }

    @Test
    void theTokenMayComeFromASubProtocolEntryWhenOptedInAndTheRealSubProtocolIsChosen() {
        listener = new SecuredListener(List.of("chat"), JwtValidatorConfigWithScopes.of(
                validator().tokenSource(BearerTokenSource.subProtocol("bearer.")).build(), "write"));
        ClientConfiguration configuration = Peers.configuration()
                .subProtocols("chat", "bearer." + token(Map.of("scope", "write"))).build();
        try (var client = new dev.duplex.websocket.Client(listener.url(), configuration)) {
            assertThat(client.getNegotiatedSubProtocol()).hasValue("chat");
            client.writeTextMessage("who am I?");
            assertThat(client.readTextMessage()).isEqualTo("alice write");
        }
    }

    @Test
    void theAuthorizationHeaderWinsOverOtherSources() {
        listen(validator().tokenSource(BearerTokenSource.queryParameter("access_token")).build());
        String good = token(Map.of("scope", "write"));
        assertThat(Peers.refusal(listener.url() + "?access_token=" + good, bearer("not.a.token")).status())
                .isEqualTo(401);
    }

    @Test
    void anAuthListTriesEachMechanismAndChallengesWithAllOfThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path users = dir.resolve("users.txt");
        java.nio.file.Files.writeString(users, "carol:" + PasswordHash.pbkdf2("zzz".toCharArray(), 1000) + ":write\n");
        listener = new SecuredListener(FileUserStoreConfigWithScopes.of(users, "write"),
                JwtValidatorConfigWithScopes.of(validator().build(), "write"));
        assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("carol", "zzz"))).isEqualTo("carol write");
        assertThat(Peers.whoAmI(listener.url(), bearer(token(Map.of("scope", "write"))))).isEqualTo("alice write");
        assertThat(Peers.refusal(listener.url(), Peers.configuration().build()).response().header("WWW-Authenticate"))
                .isEqualTo("Basic realm=\"duplex\", charset=\"UTF-8\", Bearer");
    }

    @Test
    void anExpiredTokenIsRefusedWithABodyThatNamesNeitherTheServerClockNorTheSkew() {
        listen(validator().clockSkew(Duration.ofSeconds(17)).build());
        String token = token(Map.of("scope", "write"));
        clock.advance(HOUR.plusSeconds(60));
        var refusal = Peers.refusal(listener.url(), bearer(token));
        assertRefusedWithoutDetails(refusal, "expired");
        assertThat(refusal.body()).doesNotContain("17").doesNotContain(String.valueOf(clock.instant().getEpochSecond()))
                .doesNotContain(clock.instant().toString().substring(0, 10));
    }

    @Test
    void aTokenRefusedByAnRs256EndpointGetsABodyWithoutTheKeyFilesPath(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path publicKey = dir.resolve("public.pem").toAbsolutePath();
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        listen(JwtValidatorConfig.builder().signatureConfig(ValidatorSignatureConfig.certFile(publicKey)).build());
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().subject("alice").claim("scope", "write").build());
        hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes()));

        var refusal = Peers.refusal(listener.url(), bearer(hmac.serialize()));

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body()).endsWith("invalid credentials").doesNotContain(dir.toString())
                .doesNotContain("public.pem").doesNotContain("certFile");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.text()).contains(publicKey.toString()));
    }

    @Test
    void anUnreachableJwksEndpointAnswers503WithABodyThatDoesNotNameIt() {
        String jwks = server.jwksUrl(ISSUER_ID);
        String token = token(Map.of("scope", "write"));
        server.close();
        listen(JwtValidatorConfig.builder().signatureConfig(ValidatorSignatureConfig.jwks(jwks)).clock(clock).build());
        var refusal = Peers.refusal(listener.url(), bearer(token));
        assertThat(refusal.status()).isEqualTo(503);
        assertThat(refusal.body()).doesNotContain(jwks).doesNotContain("127.0.0.1").doesNotContain("localhost");
    }

    @Test
    void anUnreachableJwksEndpointAnswers503() {
        String jwks = server.jwksUrl(ISSUER_ID);
        String token = token(Map.of("scope", "write"));
        server.close();
        listen(JwtValidatorConfig.builder().signatureConfig(ValidatorSignatureConfig.jwks(jwks)).clock(clock).build());
        assertThat(Peers.refusal(listener.url(), bearer(token)).status()).isEqualTo(503);
    }
}
