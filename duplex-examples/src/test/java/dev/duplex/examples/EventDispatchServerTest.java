package dev.duplex.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.AsyncApi;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.Listener;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The runnable custom-dispatch example, driven by our client. */
class EventDispatchServerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Listener listener;
    private Client client;

    @BeforeEach
    void start() {
        listener = EventDispatchServer.start(0, "127.0.0.1");
        client = new Client("ws://127.0.0.1:" + listener.getPort() + "/events",
                ClientConfiguration.builder().readTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void stop() {
        client.close();
        listener.immediateStop();
    }

    private JsonNode request(Map<String, Object> message) {
        client.writeMessage(message);
        return client.readMessage(JsonNode.class);
    }

    @Test
    void subscribesAndAnswersWithTheRequestsId() {
        JsonNode ack = request(Map.of("event", "subscribe", "topic", "news", "id", "1"));

        assertThat(ack.get("event").asString()).isEqualTo("subscribed");
        assertThat(ack.get("topic").asString()).isEqualTo("news");
        assertThat(ack.get("id").asString()).isEqualTo("1");
    }

    @Test
    void keepsTheTopicsOfTheConnectionAcrossRequests() {
        request(Map.of("event", "subscribe", "topic", "news", "id", 1));
        JsonNode second = request(Map.of("event", "subscribe", "topic", "sport", "id", 2));

        assertThat(second.get("id").asInt()).isEqualTo(2);
        assertThat(second.get("topics")).extracting(JsonNode::asString).containsExactlyInAnyOrder("news", "sport");
    }

    @Test
    void unsubscribesThroughTheAnnotatedMethod() {
        request(Map.of("event", "subscribe", "topic", "news", "id", "1"));

        JsonNode ack = request(Map.of("event", "unsubscribe", "topic", "news", "id", "2"));

        assertThat(ack.get("event").asString()).isEqualTo("unsubscribed");
        assertThat(ack.get("topics")).isEmpty();
        assertThat(ack.get("id").asString()).isEqualTo("2");
    }

    @Test
    void answersAHeartbeatWithAPongCarryingTheId() {
        JsonNode pong = request(Map.of("event", "heartbeat", "kind", "ping", "id", 99));

        assertThat(pong.get("kind").asString()).isEqualTo("pong");
        assertThat(pong.get("id").asInt()).isEqualTo(99);
    }

    @Test
    void answersABadSubscribeThroughOnSubscribeErrorAndStaysOpen() {
        client.writeTextMessage("{\"event\":\"subscribe\",\"topic\":[1,2],\"id\":\"3\"}");

        JsonNode error = client.readMessage(JsonNode.class);

        assertThat(error.get("event").asString()).isEqualTo("error");
        assertThat(error.get("message").asString()).isEqualTo("bad subscribe request");
        assertThat(request(Map.of("event", "heartbeat", "kind", "ping", "id", 4)).get("id").asInt()).isEqualTo(4);
    }

    @Test
    void describesItselfInAsyncApi() {
        JsonNode document = JSON.readTree(AsyncApi.describe(EventDispatchServer.TopicUpgradeService.class,
                "/events"));

        assertThat(document.get("operations").propertyNames())
                .contains("onSubscribe", "onUnsubscribeRequest", "onHeartbeat");
    }
}
