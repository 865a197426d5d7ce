package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sub-protocol negotiation (spec §3.1.1 {@code subProtocols}, RFC 6455 §4.2.2): the server picks the first protocol of
 * the client's list that the service supports, {@code "*"} accepts any, and no match means a 101 without
 * {@code Sec-WebSocket-Protocol}.
 */
class SubProtocolTest {
    private Listener listener;
    private int port;

    /** Tells the peer, as soon as it opens, which sub-protocol the caller reports. */
    public static class ProtocolAnnouncer implements Service {
        public void onOpen(Caller caller) {
            caller.writeTextMessage(caller.getNegotiatedSubProtocol().orElse("<none>"));
        }
    }

    /** Supports "chat" by annotation. */
    @ServiceConfig(subProtocols = "chat")
    public static class AnnotatedForChat implements UpgradeService {
        @Override
        public Service onUpgrade(UpgradeRequest request) {
            return new ProtocolAnnouncer();
        }
    }

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .timeout(Duration.ofSeconds(5)).build());
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    private void attachSupporting(String... subProtocols) {
        listener.attach("/ws", request -> new ProtocolAnnouncer(),
                WsServiceConfig.builder().subProtocols(subProtocols).build());
    }

    private HttpResponse upgradeAsking(String... headerLines) throws IOException {
        return RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, "/ws", headerLines));
    }

    @Test
    void choosesTheFirstOfTheClientsProtocolsThatTheServiceSupports() throws IOException {
        attachSupporting("json", "chat");

        HttpResponse response = upgradeAsking("Sec-WebSocket-Protocol: chat, json");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("chat");
    }

    @Test
    void skipsTheClientsProtocolsThatTheServiceDoesNotSupport() throws IOException {
        attachSupporting("json", "chat");

        HttpResponse response = upgradeAsking("Sec-WebSocket-Protocol: mqtt, json");

        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("json");
    }

    @Test
    void readsTheClientsProtocolsAcrossSeveralHeaderLines() throws IOException {
        attachSupporting("json");

        HttpResponse response = upgradeAsking("Sec-WebSocket-Protocol: mqtt", "Sec-WebSocket-Protocol: json");

        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("json");
    }

    @Test
    void aStarAcceptsTheClientsFirstProtocol() throws IOException {
        attachSupporting("*");

        HttpResponse response = upgradeAsking("Sec-WebSocket-Protocol: x-custom, y-custom");

        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("x-custom");
    }

    @Test
    void answers101WithoutSecWebSocketProtocolWhenNoneMatches() throws IOException {
        attachSupporting("json");

        HttpResponse response = upgradeAsking("Sec-WebSocket-Protocol: mqtt, xml");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Protocol")).isNull();
    }

    @Test
    void answers101WithoutSecWebSocketProtocolWhenTheClientAsksForNone() throws IOException {
        attachSupporting("json", "*");

        HttpResponse response = upgradeAsking();

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Protocol")).isNull();
    }

    @Test
    void aServiceWithoutSubProtocolsNegotiatesNone() throws IOException {
        listener.attach("/ws", request -> new ProtocolAnnouncer());

        HttpResponse response = upgradeAsking("Sec-WebSocket-Protocol: chat");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Protocol")).isNull();
    }

    @Test
    void theCallerReportsTheNegotiatedSubProtocol() throws IOException {
        attachSupporting("chat");

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws", Map.of("Sec-WebSocket-Protocol", "chat"))) {
            assertThat(ws.readFrame().text()).isEqualTo("chat");
        }
    }

    @Test
    void theCallerReportsNoSubProtocolWhenNoneWasNegotiated() throws IOException {
        attachSupporting("chat");

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws", Map.of("Sec-WebSocket-Protocol", "xml"))) {
            assertThat(ws.readFrame().text()).isEqualTo("<none>");
        }
    }

    @Test
    void theJdkClientSeesTheNegotiatedSubProtocol() throws Exception {
        attachSupporting("json", "chat");

        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("chat", "json")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
                .get(5, TimeUnit.SECONDS);
        try {
            assertThat(ws.getSubprotocol()).isEqualTo("chat");
        } finally {
            ws.abort();
        }
    }

    @Test
    void subProtocolsOfTheServiceConfigAnnotationAreHonoured() throws IOException {
        listener.attach("/ws", new AnnotatedForChat());

        HttpResponse response = upgradeAsking("Sec-WebSocket-Protocol: json, chat");

        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("chat");
    }

    @Test
    void aWsServiceConfigPassedToAttachTakesThePlaceOfTheAnnotation() throws IOException {
        listener.attach("/ws", new AnnotatedForChat(), WsServiceConfig.builder().subProtocols("json").build());

        HttpResponse response = upgradeAsking("Sec-WebSocket-Protocol: chat, json");

        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("json");
    }
}
