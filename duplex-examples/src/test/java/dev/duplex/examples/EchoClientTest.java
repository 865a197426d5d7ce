package dev.duplex.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The spec's §6 Client sample against the §6 Listener sample. */
@Timeout(20)
class EchoClientTest {
    private Listener server;

    @BeforeEach
    void startEchoServer() {
        server = EchoServer.start(0);
    }

    @AfterEach
    void stopEchoServer() {
        server.immediateStop();
    }

    @Test
    void clientSampleGetsItsTextAndBinaryMessagesEchoed() {
        String[] replies = EchoClient.run("ws://127.0.0.1:" + server.getPort() + "/basic/ws");

        assertThat(replies).containsExactly("Text message", "Binary message");
    }
}
