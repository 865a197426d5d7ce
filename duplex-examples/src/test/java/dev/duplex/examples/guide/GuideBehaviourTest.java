package dev.duplex.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The services the guides show behave as the guides say. */
class GuideBehaviourTest {
    private Listener listener;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new ListenerGuide.EchoService());
        listener.attach("/ticker", request -> new ListenerGuide.TickerService());
        listener.attach("/orders", request -> new BindingGuide.OrderService());
        listener.attach("/topics", new BindingGuide.TopicUpgradeService());
        ListenerGuide.templates(listener);
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + listener.getPort() + path;
    }

    @Test
    void theEchoServiceSendsBackWhatItReceives() {
        try (var client = new Client(url("/echo"))) {
            client.writeTextMessage("hello");
            assertThat(client.readTextMessage()).isEqualTo("hello");
        }
    }

    @Test
    void aReturnedStreamSendsOneMessagePerElement() {
        try (var client = new Client(url("/ticker"))) {
            client.writeTextMessage("ACME");
            assertThat(client.readTextMessage()).isEqualTo("ACME 101.5");
            assertThat(client.readTextMessage()).isEqualTo("ACME 101.7");
            assertThat(client.readTextMessage()).isEqualTo("ACME 101.6");
        }
    }

    @Test
    void theRoomTemplateSeesItsPathParameterAndRefusesWithoutAToken() {
        try (var client = new Client(url("/chat/blue?token=t"))) {
            assertThat(client.getHttpResponse().header("x-room")).isEqualTo("blue");
            client.writeTextMessage("hi");
            assertThat(client.readTextMessage()).isEqualTo("blue: hi");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Client(url("/chat/blue")))
                .isInstanceOfSatisfying(dev.duplex.websocket.InvalidHandshakeException.class,
                        e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void onMessageBindsAnOrderAndTheClientReadsTheSealedReply() {
        try (var client = new Client(url("/orders"))) {
            client.writeMessage(new BindingGuide.Order("o-1", new BigDecimal("12.50")));
            BindingGuide.Event event = client.readMessage(BindingGuide.Event.class);
            assertThat(event).isEqualTo(new BindingGuide.Placed(new BindingGuide.Order("o-1", new BigDecimal("12.50"))));
            client.writeTextMessage("not json");
            assertThat(client.readTextMessage()).isEqualTo("{\"error\":\"not an order\"}");
        }
    }

    @Test
    void theDispatcherKeySelectsTheAnnotatedMethod() {
        try (var client = new Client(url("/topics"))) {
            client.writeTextMessage("{\"event\":\"subscribe\",\"topic\":\"news\"}");
            assertThat(client.readTextMessage()).isEqualTo("news subscribed");
            client.writeTextMessage("{\"event\":\"heartbeat\"}");
            assertThat(client.readTextMessage()).isEqualTo("{\"event\":\"heartbeat\"}");
        }
    }
}
