package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientSmokeTest {
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text.equals("bye") ? null : text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    private Listener listener;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", r -> new Echo());
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    @Test
    void echoesTextAndBinaryAndCloses() {
        try (var client = new Client("ws://127.0.0.1:" + listener.getPort() + "/echo")) {
            client.writeTextMessage("hello");
            assertThat(client.readTextMessage()).isEqualTo("hello");
            client.writeBinaryMessage(new byte[] {1, 2, 3});
            assertThat(client.readBinaryMessage()).containsExactly(1, 2, 3);
            client.writeTextMessage("x".repeat(200_000));
            assertThat(client.readTextMessage()).hasSize(200_000);
        }
    }

    @Test
    void refusedHandshakeCarriesTheResponse() {
        assertThatThrownBy(() -> new Client("ws://127.0.0.1:" + listener.getPort() + "/nothing"))
                .isInstanceOf(InvalidHandshakeException.class)
                .hasMessageContaining("404")
                .satisfies(e -> assertThat(((InvalidHandshakeException) e).status()).isEqualTo(404));
    }
}
