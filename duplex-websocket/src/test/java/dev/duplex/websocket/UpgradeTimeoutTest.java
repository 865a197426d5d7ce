package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spec §2.1 {@code timeout}: how long a connection may wait for a read during the initial upgrade request before it
 * is dropped; 0 disables it, and it no longer applies once the connection is upgraded.
 */
class UpgradeTimeoutTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    private Listener listener;
    private int port;
    private final CountDownLatch release = new CountDownLatch(1);

    /** Echoes text messages back. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    private void start(Duration timeout) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").timeout(timeout).build());
        listener.attach("/ws", request -> new Echo());
        listener.attach("/slow", request -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Echo();
        });
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        release.countDown();
        listener.immediateStop();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aClientThatSendsNothingIsDroppedAfterTheTimeout() throws IOException {
        start(SHORT);

        try (RawWebSocket silent = RawWebSocket.open(port)) {
            assertThat(silent.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aClientIsNotDroppedBeforeTheTimeout() throws IOException {
        start(Duration.ofSeconds(2));

        try (RawWebSocket silent = RawWebSocket.open(port)) {
            assertThat(silent.awaitTcpClose(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void aClientThatSendsHalfARequestIsDroppedAfterTheTimeout() throws IOException {
        start(SHORT);

        try (RawWebSocket halfway = RawWebSocket.open(port)) {
            halfway.sendRaw(ascii("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"));

            assertThat(halfway.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aKeepAliveConnectionIdleAfterAResponseIsDroppedAfterTheTimeout() throws IOException {
        start(SHORT);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            raw.sendRaw(ascii(RawWebSocket.upgradeRequest(port, "/missing")));
            assertThat(raw.readHttpResponse().status()).isEqualTo(404);

            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aZeroTimeoutNeverDropsASilentClient() throws IOException {
        start(Duration.ZERO);

        try (RawWebSocket silent = RawWebSocket.open(port)) {
            assertThat(silent.awaitTcpClose(Duration.ofMillis(400))).isFalse();

            silent.sendRaw(ascii(RawWebSocket.upgradeRequest(port, "/ws")));
            assertThat(silent.readHttpResponse().status()).isEqualTo(101);
        }
    }

    @Test
    void theTimeoutDoesNotApplyAfterTheUpgrade() throws IOException {
        start(SHORT);

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            assertThat(ws.awaitTcpClose(SHORT.multipliedBy(2))).isFalse();

            ws.sendText("still open");
            assertThat(ws.readFrame().text()).isEqualTo("still open");
        }
    }

    @Test
    void theTimeoutDoesNotCutAnUpgradeServiceThatIsStillDeciding() throws IOException {
        start(SHORT);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            raw.sendRaw(ascii(RawWebSocket.upgradeRequest(port, "/slow")));
            assertThat(raw.awaitTcpClose(SHORT.multipliedBy(2))).isFalse();

            release.countDown();
            assertThat(raw.readHttpResponse().status()).isEqualTo(101);
        }
    }
}
