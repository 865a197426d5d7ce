package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link Listener} made from an {@link HttpListener} shares its port: each of the two may be started once, in either
 * order, and the port is bound by whichever starts first; starting the same one twice still fails.
 */
class SharedPortStartTest {
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    private HttpListener http;
    private Listener ws;

    @BeforeEach
    void shareAPort() {
        http = new HttpListener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        http.get("/health", request -> HttpResponse.text(200, "ok"));
        ws = new Listener(http);
        ws.attach("/ws", request -> new Echo());
    }

    @AfterEach
    void stop() {
        http.immediateStop();
    }

    @Test
    void startingTheWebSocketListenerThenTheHttpListenerBindsThePortOnce() throws Exception {
        ws.start();
        http.start();

        assertServesBoth();
    }

    @Test
    void startingTheHttpListenerThenTheWebSocketListenerBindsThePortOnce() throws Exception {
        http.start();
        ws.start();

        assertServesBoth();
    }

    @Test
    void startingTheSameSharedListenerTwiceStillFails() {
        ws.start();
        http.start();

        assertThatThrownBy(ws::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
        assertThatThrownBy(http::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
    }

    private void assertServesBoth() throws Exception {
        assertThat(ws.isStarted()).isTrue();
        assertThat(ws.getPort()).isEqualTo(http.getPort()).isPositive();
        var response = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http.getPort() + "/health")).build(), BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("ok");
        try (var client = new Client("ws://127.0.0.1:" + ws.getPort() + "/ws")) {
            client.writeTextMessage("hi");
            assertThat(client.readTextMessage()).isEqualTo("hi");
        }
    }
}
