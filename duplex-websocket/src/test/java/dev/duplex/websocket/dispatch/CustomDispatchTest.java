package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.DispatcherConfig;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.binding.Payloads.Order;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Custom remote methods selected by the {@code dispatcherKey} (spec §3.2.2), over a real socket. */
class CustomDispatchTest extends ListenerTestBase {
    private static final WsServiceConfig BY_EVENT = WsServiceConfig.builder().dispatcherKey("event").build();

    /** Custom methods named by the spec's rule, plus the fallbacks. */
    public static class EventService implements Service {
        final BlockingQueue<Object> seen;

        EventService(BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        public void onHeartbeat(Caller caller, JsonNode message) {
            seen.add("onHeartbeat " + message.get("event").asString());
        }

        public void onUnSubscribe(JsonNode message) {
            seen.add("onUnSubscribe");
        }

        public void onThisPingMessage(JsonNode message) {
            seen.add("onThisPingMessage");
        }

        public void onConnectionInit(Caller caller, String raw) {
            seen.add("onConnectionInit " + raw);
        }

        public void onOrder(Order order) {
            seen.add(order);
        }

        public void onTextMessage(String text) {
            seen.add("onTextMessage " + text);
        }

        public void onPing(Caller caller, byte[] data) {
            seen.add("onPing");
        }
    }

    /** Custom methods and onMessage, no onTextMessage. */
    public static class OnMessageFallbackService implements Service {
        final BlockingQueue<Object> seen;

        OnMessageFallbackService(BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        public void onHeartbeat(JsonNode message) {
            seen.add("onHeartbeat");
        }

        public void onMessage(Caller caller, String message) {
            seen.add("onMessage " + message);
        }
    }

    /** Custom methods only: everything else is ignored. */
    public static class CustomOnlyService implements Service {
        final BlockingQueue<Object> seen;

        CustomOnlyService(BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        public String onHeartbeat(JsonNode message) {
            seen.add("onHeartbeat");
            return "beat";
        }
    }

    /** An annotated method, and names that the annotation takes out of the naming rule. */
    public static class AnnotatedService implements Service {
        final BlockingQueue<Object> seen;

        AnnotatedService(BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        @DispatcherConfig(dispatcherValue = "subscribe")
        public void onSubscribeMessage(JsonNode message) {
            seen.add("onSubscribeMessage");
        }

        @DispatcherConfig(dispatcherValue = "ping")
        public void handlePingMessage(JsonNode message) {
            seen.add("handlePingMessage");
        }

        public void onTextMessage(String text) {
            seen.add("onTextMessage " + text);
        }

        public void onPing(Caller caller, byte[] data) {
            seen.add("onPing");
            caller.pong(data);
        }
    }

    private Client eventClient() {
        attach("/events", r -> new EventService(received), BY_EVENT);
        return connect("/events");
    }

    @Test
    void dispatchesHeartbeatToOnHeartbeat() throws Exception {
        eventClient().writeTextMessage("{\"event\":\"heartbeat\"}");

        assertThat(nextReceived()).isEqualTo("onHeartbeat heartbeat");
    }

    @Test
    void dispatchesAValueWithSpacesToTheCamelCasedMethod() throws Exception {
        eventClient().writeTextMessage("{\"event\":\"un subscribe\"}");

        assertThat(nextReceived()).isEqualTo("onUnSubscribe");
    }

    @Test
    void dispatchesAValueWithUnderscoresAndSpacesToTheCamelCasedMethod() throws Exception {
        eventClient().writeTextMessage("{\"event\":\"this_ping message\"}");

        assertThat(nextReceived()).isEqualTo("onThisPingMessage");
    }

    @Test
    void dispatchesASubProtocolMessageTypeAndGivesAStringParameterTheRawText() throws Exception {
        eventClient().writeTextMessage("{\"event\":\"connection_init\",\"payload\":{}}");

        assertThat(nextReceived()).isEqualTo("onConnectionInit {\"event\":\"connection_init\",\"payload\":{}}");
    }

    @Test
    void bindsTheMessageToTheCustomMethodsParameterType() throws Exception {
        eventClient().writeTextMessage("{\"event\":\"order\",\"item\":\"tea\",\"quantity\":2}");

        assertThat(nextReceived()).isEqualTo(new Order("tea", 2));
    }

    @Test
    void findsTheKeyAfterOtherFields() throws Exception {
        eventClient().writeTextMessage("{\"data\":{\"event\":\"order\"},\"event\":\"heartbeat\"}");

        assertThat(nextReceived()).isEqualTo("onHeartbeat heartbeat");
    }

    @Test
    void fallsBackToOnTextMessageWhenNoMethodMatches() throws Exception {
        eventClient().writeTextMessage("{\"event\":\"unknown\"}");

        assertThat(nextReceived()).isEqualTo("onTextMessage {\"event\":\"unknown\"}");
    }

    @Test
    void fallsBackToOnTextMessageWhenTheKeyIsMissing() throws Exception {
        eventClient().writeTextMessage("{\"type\":\"heartbeat\"}");

        assertThat(nextReceived()).isEqualTo("onTextMessage {\"type\":\"heartbeat\"}");
    }

    @Test
    void fallsBackToOnTextMessageWhenTheKeyIsNotAString() throws Exception {
        Client client = eventClient();

        client.writeTextMessage("{\"event\":7}");
        client.writeTextMessage("{\"event\":{\"name\":\"heartbeat\"}}");

        assertThat(nextReceived()).isEqualTo("onTextMessage {\"event\":7}");
        assertThat(nextReceived()).isEqualTo("onTextMessage {\"event\":{\"name\":\"heartbeat\"}}");
    }

    @Test
    void fallsBackToOnTextMessageWhenTheTextIsNotJson() throws Exception {
        eventClient().writeTextMessage("heartbeat");

        assertThat(nextReceived()).isEqualTo("onTextMessage heartbeat");
    }

    @Test
    void neverDispatchesTheValuePingToTheControlFrameMethodOnPing() throws Exception {
        eventClient().writeTextMessage("{\"event\":\"ping\"}");

        assertThat(nextReceived()).isEqualTo("onTextMessage {\"event\":\"ping\"}");
    }

    @Test
    void neverDispatchesToTheSpecsOwnMethodsByName() throws Exception {
        Client client = eventClient();

        client.writeTextMessage("{\"event\":\"text message\"}");
        client.writeTextMessage("{\"event\":\"heartbeat error\"}");

        assertThat(nextReceived()).isEqualTo("onTextMessage {\"event\":\"text message\"}");
        assertThat(nextReceived()).isEqualTo("onTextMessage {\"event\":\"heartbeat error\"}");
    }

    @Test
    void doesNotDispatchBinaryMessagesByTheKey() throws Exception {
        attach("/events", r -> new OnMessageFallbackService(received), BY_EVENT);

        connect("/events").writeBinaryMessage("{\"event\":\"heartbeat\"}".getBytes());

        assertThat(nextReceived()).isEqualTo("onMessage {\"event\":\"heartbeat\"}");
    }

    @Test
    void fallsBackToOnMessageWithoutOnTextMessage() throws Exception {
        attach("/events", r -> new OnMessageFallbackService(received), BY_EVENT);
        Client client = connect("/events");

        client.writeTextMessage("{\"event\":\"other\"}");
        client.writeTextMessage("{\"event\":\"heartbeat\"}");

        assertThat(nextReceived()).isEqualTo("onMessage {\"event\":\"other\"}");
        assertThat(nextReceived()).isEqualTo("onHeartbeat");
    }

    @Test
    void ignoresAMessageThatNoMethodTakesAndGoesOn() throws Exception {
        attach("/events", r -> new CustomOnlyService(received), BY_EVENT);
        Client client = connect("/events");

        client.writeTextMessage("{\"event\":\"other\"}");
        client.writeTextMessage("not json");
        client.writeBinaryMessage(new byte[] {1});
        client.writeTextMessage("{\"event\":\"heartbeat\"}");

        assertThat(client.readTextMessage()).isEqualTo("beat");
        assertThat(received).containsExactly("onHeartbeat");
    }

    @Test
    void sendsEveryTextToOnTextMessageWithoutADispatcherKey() throws Exception {
        attach("/events", r -> new EventService(received));

        connect("/events").writeTextMessage("{\"event\":\"heartbeat\"}");

        assertThat(nextReceived()).isEqualTo("onTextMessage {\"event\":\"heartbeat\"}");
    }

    @Test
    void dispatchesTheAnnotatedValueToTheAnnotatedMethodWhateverItsName() throws Exception {
        attach("/a", r -> new AnnotatedService(received), BY_EVENT);
        Client client = connect("/a");

        client.writeTextMessage("{\"event\":\"subscribe\"}");
        client.writeTextMessage("{\"event\":\"ping\"}");

        assertThat(nextReceived()).isEqualTo("onSubscribeMessage");
        assertThat(nextReceived()).isEqualTo("handlePingMessage");
    }

    @Test
    void sendsTheValuePingToTheAnnotatedMethodWhileOnPingKeepsTheControlFrames() throws Exception {
        attach("/a", r -> new AnnotatedService(received), BY_EVENT);
        Client client = connect("/a");

        client.writeTextMessage("{\"event\":\"ping\"}");
        assertThat(nextReceived()).isEqualTo("handlePingMessage");
        client.ping(new byte[] {1});

        assertThat(nextReceived()).isEqualTo("onPing");
    }

    @Test
    void doesNotDispatchByTheNamingRuleToAnAnnotatedMethod() throws Exception {
        attach("/a", r -> new AnnotatedService(received), BY_EVENT);

        connect("/a").writeTextMessage("{\"event\":\"subscribe message\"}");

        assertThat(nextReceived()).isEqualTo("onTextMessage {\"event\":\"subscribe message\"}");
    }
}
