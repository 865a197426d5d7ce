package dev.duplex.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Listener;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthExampleTest {
    @TempDir
    Path dir;
    private KeyPair keys;
    private Listener listener;
    private TlsEchoServer.SelfSigned tls;

    @BeforeEach
    void start() throws Exception {
        keys = JwtAuthExample.issuerKeys();
        tls = TlsEchoServer.selfSigned(dir);
        listener = JwtAuthExample.start(0, tls.keyMaterial(), keys);
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private String url() {
        return "wss://localhost:" + listener.getPort() + "/chat";
    }

    @Test
    void aClientWithASignedTokenChatsUnderItsNameOverTls() {
        try (Client alice = new Client(url(), JwtAuthExample.clientFor(tls.certificate(), keys, "alice", JwtAuthExample.SCOPE))) {
            alice.writeTextMessage("hello");
            assertThat(alice.readTextMessage()).isEqualTo("alice: hello");
            assertThat(alice.isSecure()).isTrue();
        }
    }

    @Test
    void aClientWithoutATokenIsRefusedWith401() {
        var trustOnly = dev.duplex.websocket.ClientConfiguration.builder()
                .secureSocket(dev.duplex.websocket.ClientSecureSocket.builder()
                        .cert(new dev.duplex.websocket.TrustedCertificates(tls.certificate().toString())).build())
                .build();
        assertThatThrownBy(() -> new Client(url(), trustOnly)).isInstanceOfSatisfying(InvalidHandshakeException.class,
                refused -> assertThat(refused.status()).isEqualTo(401));
    }

    @Test
    void aClientWithoutTheScopeIsRefusedWith403() {
        assertThatThrownBy(() -> new Client(url(), JwtAuthExample.clientFor(tls.certificate(), keys, "bob", "chat:read")))
                .isInstanceOfSatisfying(InvalidHandshakeException.class,
                        refused -> assertThat(refused.status()).isEqualTo(403));
    }
}
