package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The origin policy of a service ({@link WsServiceConfig#allowedOrigins()}): browsers' cross-site requests are
 * refused with 403 unless allowed; same-origin requests and clients that send no {@code Origin} pass.
 */
class OriginPolicyTest {
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    private Listener listener;

    private int start(WsServiceConfig config) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new Echo(), config);
        listener.start();
        return listener.getPort();
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    private static RawWebSocket.HttpResponse upgradeWithOrigin(int port, String origin) throws Exception {
        return RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, "/echo", "Origin: " + origin));
    }

    @Test
    void refusesWith403AnUpgradeFromAnotherSitesOrigin() throws Exception {
        int port = start(WsServiceConfig.DEFAULT);
        var response = upgradeWithOrigin(port, "https://attacker.example");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("https://attacker.example").contains("allowedOrigins");
    }

    @Test
    void acceptsAnUpgradeWithoutOriginFromAClientThatIsNotABrowser() throws Exception {
        int port = start(WsServiceConfig.DEFAULT);
        try (var client = new Client("ws://127.0.0.1:" + port + "/echo")) {
            client.writeTextMessage("no origin");
            assertThat(client.readTextMessage()).isEqualTo("no origin");
        }
    }

    @Test
    void acceptsAnUpgradeFromThePagesOwnOrigin() throws Exception {
        int port = start(WsServiceConfig.DEFAULT);
        assertThat(upgradeWithOrigin(port, "http://127.0.0.1:" + port).status()).isEqualTo(101);
    }

    @Test
    void refusesAnOriginOnTheSameHostButAnotherPort() throws Exception {
        int port = start(WsServiceConfig.DEFAULT);
        assertThat(upgradeWithOrigin(port, "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1)).status())
                .isEqualTo(403);
    }

    @Test
    void acceptsAnOriginOnTheAllowListFromTheJdkClient() throws Exception {
        int port = start(WsServiceConfig.builder().allowedOrigins("https://app.example.com").build());
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", "https://app.example.com")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        socket.abort();
    }

    @Test
    void refusesAnOriginMissingFromTheAllowListToTheJdkClient() throws Exception {
        int port = start(WsServiceConfig.builder().allowedOrigins("https://app.example.com").build());
        var handshake = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", "https://other.example.com")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), new WebSocket.Listener() { });
        assertThatThrownBy(handshake::join)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(403));
    }

    @Test
    void matchesAllowedOriginsIgnoringCaseAndDefaultPorts() throws Exception {
        int port = start(WsServiceConfig.builder().allowedOrigins("HTTPS://App.Example.com:443").build());
        assertThat(upgradeWithOrigin(port, "https://app.example.com").status()).isEqualTo(101);
        assertThat(upgradeWithOrigin(port, "http://app.example.com").status()).isEqualTo(403);
        assertThat(upgradeWithOrigin(port, "https://app.example.com:8443").status()).isEqualTo(403);
    }

    @Test
    void refusesAnOpaqueOriginUnlessTheAllowListNamesIt() throws Exception {
        int port = start(WsServiceConfig.DEFAULT);
        assertThat(upgradeWithOrigin(port, "null").status()).isEqualTo(403);
        listener.immediateStop();
        int other = start(WsServiceConfig.builder().allowedOrigins("null").build());
        assertThat(upgradeWithOrigin(other, "null").status()).isEqualTo(101);
    }

    @Test
    void admitsEveryOriginWithTheWildcard() throws Exception {
        int port = start(WsServiceConfig.builder().allowedOrigins("*").build());
        assertThat(upgradeWithOrigin(port, "https://anyone.example").status()).isEqualTo(101);
    }

    @Test
    void refusesAMalformedOriginHeader() throws Exception {
        int port = start(WsServiceConfig.DEFAULT);
        assertThat(upgradeWithOrigin(port, "not an origin").status()).isEqualTo(403);
    }

    @Test
    void refusesAnAllowListEntryThatIsNotAnOriginWhenTheConfigurationIsBuilt() {
        assertThatThrownBy(() -> WsServiceConfig.builder().allowedOrigins("https://app.example.com/path").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://app.example.com/path");
    }

    @Test
    void readsTheAllowListFromTheServiceConfigAnnotation() {
        @ServiceConfig(allowedOrigins = "https://App.example.com")
        class Annotated {
        }
        assertThat(WsServiceConfig.from(Annotated.class.getAnnotation(ServiceConfig.class)).allowedOrigins())
                .containsExactly("https://app.example.com");
    }
}
