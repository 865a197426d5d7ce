package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spec §2.1 {@code server}: the configured server name appears as the {@code Server} header of every HTTP response
 * of the upgrade phase, the 101 and the refusals alike; without one, no {@code Server} header is sent.
 */
class ServerHeaderTest {
    private static final String SERVER = "duplex-test/1.0";

    private Listener listener;
    private int port;

    /** Accepts and stays quiet. */
    public static class Quiet implements Service {
    }

    private void start(String server) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .timeout(Duration.ofSeconds(5)).server(server)
                .requestLimits(new RequestLimits(100, 8192, -1)).build());
        listener.attach("/ws", request -> new Quiet());
        listener.attach("/refuse", request -> {
            throw new UpgradeException(403, "no");
        });
        listener.attach("/broken", request -> {
            throw new IllegalStateException("bug");
        });
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    private HttpResponse upgrade(String path) throws IOException {
        return RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, path));
    }

    @Test
    void the101CarriesTheConfiguredServerHeader() throws IOException {
        start(SERVER);

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            assertThat(ws.handshakeResponse().header("Server")).isEqualTo(SERVER);
        }
    }

    @Test
    void a404CarriesTheConfiguredServerHeader() throws IOException {
        start(SERVER);

        HttpResponse response = upgrade("/missing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Server")).isEqualTo(SERVER);
    }

    @Test
    void aHandshakeRefusalCarriesTheConfiguredServerHeader() throws IOException {
        start(SERVER);

        HttpResponse response = RawWebSocket.http(port, "GET /ws HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("Server")).isEqualTo(SERVER);
    }

    @Test
    void anUpgradeServiceRefusalCarriesTheConfiguredServerHeader() throws IOException {
        start(SERVER);

        HttpResponse response = upgrade("/refuse");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Server")).isEqualTo(SERVER);
    }

    @Test
    void a500CarriesTheConfiguredServerHeader() throws IOException {
        start(SERVER);

        HttpResponse response = upgrade("/broken");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Server")).isEqualTo(SERVER);
    }

    @Test
    void aLimitRefusalCarriesTheConfiguredServerHeader() throws IOException {
        start(SERVER);

        HttpResponse response = upgrade("/" + "x".repeat(200));

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.header("Server")).isEqualTo(SERVER);
    }

    @Test
    void the101HasNoServerHeaderByDefault() throws IOException {
        start(null);

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            assertThat(ws.handshakeResponse().header("Server")).isNull();
        }
    }

    @Test
    void refusalsHaveNoServerHeaderByDefault() throws IOException {
        start(null);

        HttpResponse response = upgrade("/missing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Server")).isNull();
    }
}
