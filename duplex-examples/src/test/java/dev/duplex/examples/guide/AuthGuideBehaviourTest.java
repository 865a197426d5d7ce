package dev.duplex.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.auth.CredentialsConfig;
import dev.duplex.websocket.auth.IssuerSignatureConfig;
import dev.duplex.websocket.auth.JwtIssuerConfig;
import dev.duplex.websocket.auth.JwtValidatorConfigWithScopes;
import dev.duplex.websocket.auth.PasswordHash;
import dev.duplex.websocket.auth.SigningAlgorithm;
import dev.duplex.websocket.auth.ValidatorSignatureConfig;
import java.io.IOException;
import java.net.HttpCookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth configurations of docs/auth.md that need nothing but loopback behave as the guide says. */
class AuthGuideBehaviourTest {
    /** An HMAC secret of 32 bytes, shared by the tests' token issuer and the listener. */
    private static final String SECRET = "a secret of at least thirty-two bytes";

    private Listener listener;

    @BeforeEach
    void start(@TempDir Path directory) throws IOException {
        // 1000 PBKDF2 iterations, the least allowed, to keep the test fast; the guide's default is 600 000.
        Path users = Files.writeString(directory.resolve("users.txt"), String.join("\n",
                "# name:hash[:scope,scope...]",
                "alice:" + PasswordHash.pbkdf2("alice-password".toCharArray(), 1000) + ":write,update",
                "bob:" + PasswordHash.pbkdf2("bob-password".toCharArray(), 1000) + ":read"));
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/users", request -> new AuthGuide.ChatService(), WsServiceConfig.builder()
                .auth(AuthGuide.fileUserStore(users)).build());
        listener.attach("/browser", request -> new AuthGuide.ChatService(), WsServiceConfig.builder()
                .subProtocols("chat")
                .auth(JwtValidatorConfigWithScopes.of(
                        AuthGuide.tokenSources(ValidatorSignatureConfig.secret(SECRET))))
                .build());
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + listener.getPort() + path;
    }

    private static String token() {
        return JwtIssuerConfig.builder(IssuerSignatureConfig.secret(SigningAlgorithm.HS256, SECRET))
                .issuer("https://issuer.example").username("alice").audience("chat")
                .build().issueToken();
    }

    @Test
    void aUserOfTheFileWithTheScopeConnectsAndTheServiceSeesItsName() {
        assertThat(AuthGuide.basicClient(url("/users"), "alice-password")).isEqualTo("alice: hello");
    }

    @Test
    void anUpgradeWithoutCredentialsGets401WithTheConfiguredRealm() {
        assertThatThrownBy(() -> new Client(url("/users")).close())
                .isInstanceOfSatisfying(InvalidHandshakeException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.headers().get("www-authenticate")).anySatisfy(
                            challenge -> assertThat(challenge).contains("Basic realm=\"my realm\""));
                });
    }

    @Test
    void aUserOfTheFileWithoutTheScopeGets403() {
        var config = ClientConfiguration.builder()
                .auth(new CredentialsConfig("bob", "bob-password")).build();
        assertThatThrownBy(() -> new Client(url("/users"), config).close())
                .isInstanceOfSatisfying(InvalidHandshakeException.class,
                        refused -> assertThat(refused.status()).isEqualTo(403));
    }

    @Test
    void aBrowserMayPutItsTokenInTheQueryParameter() {
        try (var client = new Client(url("/browser?access_token=" + token()))) {
            client.writeTextMessage("hi");
            assertThat(client.readTextMessage()).isEqualTo("alice: hi");
        }
    }

    @Test
    void aTokenInASubProtocolEntryLetsTheServiceSelectItsRealSubProtocol() {
        var config = ClientConfiguration.builder().subProtocols("chat", "bearer." + token()).build();
        try (var client = new Client(url("/browser"), config)) {
            assertThat(client.getNegotiatedSubProtocol()).contains("chat");
            client.writeTextMessage("hi");
            assertThat(client.readTextMessage()).isEqualTo("alice: hi");
        }
    }

    @Test
    void aTokenCookieSentByAnotherSitesPageIsRefusedWith403BeforeAuthentication() {
        var fromAnotherSite = ClientConfiguration.builder()
                .cookies(List.of(new HttpCookie("duplex_token", token())))
                .customHeaders(Map.of("Origin", "https://attacker.example"))
                .build();
        assertThatThrownBy(() -> new Client(url("/browser"), fromAnotherSite).close())
                .isInstanceOfSatisfying(InvalidHandshakeException.class,
                        refused -> assertThat(refused.status()).isEqualTo(403));

        var withoutOrigin = fromAnotherSite.toBuilder().customHeaders(Map.of()).build();
        try (var client = new Client(url("/browser"), withoutOrigin)) {
            client.writeTextMessage("hi");
            assertThat(client.readTextMessage()).isEqualTo("alice: hi");
        }
    }
}
