package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.WsServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic authentication against a user file (spec §5.2 FileUserStoreConfigWithScopes), end to end. */
class FileUserStoreAuthTest {
    @TempDir
    Path directory;
    private Path users;
    private SecuredListener listener;

    private static String pbkdf2(String password) {
        return PasswordHash.pbkdf2(password.toCharArray(), 1000);
    }

    @BeforeEach
    void start() throws IOException {
        users = directory.resolve("users.txt");
        Files.writeString(users, String.join("\n",
                "# test users",
                "alice:" + pbkdf2("xxx") + ":write,update",
                "bob:" + pbkdf2("yyy") + ":read",
                "dora:" + PasswordHash.bcrypt("zzz".toCharArray(), 4) + ":update",
                ""));
        listener = new SecuredListener(FileUserStoreConfigWithScopes.of(users, "write", "update"));
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    @Test
    void aUserWithARequiredScopeIsAdmittedAndTheCallerSeesItsScopes() {
        assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("alice", "xxx"))).isEqualTo("alice update,write");
    }

    @Test
    void theUpgradeServiceSeesTheAuthenticatedPrincipal() {
        Peers.whoAmI(listener.url(), new CredentialsConfig("alice", "xxx"));
        assertThat(listener.upgradePrincipals).singleElement()
                .satisfies(p -> assertThat(p).hasValueSatisfying(principal -> {
                    assertThat(principal.name()).isEqualTo("alice");
                    assertThat(principal.attributes()).containsEntry("mechanism", "file-user-store");
                }));
    }

    @Test
    void aUserWithABcryptHashIsAdmitted() {
        assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("dora", "zzz"))).isEqualTo("dora update");
    }

    @Test
    void aWrongPasswordIsRefusedWith401AndABasicChallenge() {
        var refusal = Peers.refusal(listener.url(), new CredentialsConfig("alice", "wrong"));
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.response().header("WWW-Authenticate")).isEqualTo("Basic realm=\"duplex\", charset=\"UTF-8\"");
    }

    @Test
    void anUnknownUserIsRefusedWith401() {
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("peter", "123")).status()).isEqualTo(401);
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswerWhichNamesNoUser() {
        var unknown = Peers.refusal(listener.url(), new CredentialsConfig("peter", "123"));
        var wrongPassword = Peers.refusal(listener.url(), new CredentialsConfig("alice", "wrong"));
        assertThat(unknown.status()).isEqualTo(wrongPassword.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrongPassword.body()).endsWith("invalid credentials")
                .doesNotContain("peter");
    }

    @Test
    void anUnknownUserIsRefusedWith401EvenWithThePasswordOfAListedUser() {
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("peter", "xxx")).status()).isEqualTo(401);
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("peter", "yyy")).status()).isEqualTo(401);
    }

    @Test
    void aRequestWithoutCredentialsIsRefusedWith401AndABasicChallenge() {
        var refusal = Peers.refusal(listener.url(), Peers.configuration().build());
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.response().header("WWW-Authenticate")).startsWith("Basic realm=");
    }

    @Test
    void aUserWithoutARequiredScopeIsRefusedWith403() {
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("bob", "yyy")).status()).isEqualTo(403);
    }

    @Test
    void malformedBasicCredentialsAreRefusedWith401() {
        var refusal = Peers.refusal(listener.url(), () -> "Basic not-base64!");
        assertThat(refusal.status()).isEqualTo(401);
    }

    @Test
    void aUserAddedToTheFileIsAdmittedOnceTheFileIsReloaded() throws IOException {
        Files.writeString(users, Files.readString(users) + "erin:" + pbkdf2("www") + ":write\n");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(InvalidHandshakeException.class)
                .untilAsserted(() -> assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("erin", "www"))).isEqualTo("erin write"));
    }

    @Test
    void aUserRemovedFromTheFileIsRefusedOnceTheFileIsReloaded() throws IOException {
        Files.writeString(users, "alice:" + pbkdf2("xxx") + ":write\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Peers.refusal(listener.url(), new CredentialsConfig("bob", "yyy")).status()).isEqualTo(401));
    }

    @Test
    void aFileThatNoLongerParsesKeepsThePreviousUsers() throws IOException {
        Files.writeString(users, Files.readString(users) + "mallory:plaintext\n");
        // Other users keep working while the broken file is in place (reload checks run at each upgrade).
        for (int i = 0; i < 3; i++) {
            assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("alice", "xxx"))).startsWith("alice");
        }
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("mallory", "plaintext")).status())
                .isEqualTo(401);
    }

    @Test
    void aFileWithAPlainTextPasswordFailsAttachNamingTheLine() throws IOException {
        Path bad = directory.resolve("bad.txt");
        Files.writeString(bad, "alice:secret\n");
        Listener other = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        assertThatThrownBy(() -> other.attach("/x", request -> new SecuredListener.WhoAmI(),
                WsServiceConfig.builder().auth(FileUserStoreConfigWithScopes.of(bad)).build()))
                .hasMessageContaining("line 1").hasMessageContaining("plain-text");
    }
}
