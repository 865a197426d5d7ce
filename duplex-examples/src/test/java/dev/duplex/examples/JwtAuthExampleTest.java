package dev.duplex.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Listener;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwtAuthExampleTest {
    private KeyPair keys;
    private Listener listener;

    @BeforeEach
    void start() throws Exception {
        keys = JwtAuthExample.issuerKeys();
        listener = JwtAuthExample.start(0, keys);
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private String url() {
        return "ws://127.0.0.1:" + listener.getPort() + "/chat";
    }

    @Test
    void aClientWithASignedTokenChatsUnderItsName() {
        try (Client alice = new Client(url(), JwtAuthExample.clientFor(keys, "alice", JwtAuthExample.SCOPE))) {
            alice.writeTextMessage("hello");
            assertThat(alice.readTextMessage()).isEqualTo("alice: hello");
        }
    }

    @Test
    void aClientWithoutATokenIsRefusedWith401() {
        assertThatThrownBy(() -> new Client(url())).isInstanceOfSatisfying(InvalidHandshakeException.class,
                refused -> assertThat(refused.status()).isEqualTo(401));
    }

    @Test
    void aClientWithoutTheScopeIsRefusedWith403() {
        assertThatThrownBy(() -> new Client(url(), JwtAuthExample.clientFor(keys, "bob", "chat:read")))
                .isInstanceOfSatisfying(InvalidHandshakeException.class,
                        refused -> assertThat(refused.status()).isEqualTo(403));
    }
}
