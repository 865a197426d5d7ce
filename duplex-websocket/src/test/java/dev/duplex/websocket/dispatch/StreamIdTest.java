package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.binding.Payloads.Order;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With a {@code dispatcherStreamId}, a reply that is a JSON object carries the request's id under the same field,
 * so a client can match replies to requests; each element of a returned stream does too.
 */
class StreamIdTest extends ListenerTestBase {
    private static final WsServiceConfig WITH_IDS =
            WsServiceConfig.builder().dispatcherKey("event").dispatcherStreamId("id").build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Quote(String symbol, double price) {
    }

    /** Replies of every kind. */
    public static class QuoteService implements Service {
        public Quote onQuote(JsonNode request) {
            return new Quote(request.get("symbol").asString(), 1.5);
        }

        public Stream<Quote> onSubscribe(JsonNode request) {
            return Stream.of(new Quote("A", 1), new Quote("B", 2), new Quote("C", 3));
        }

        public String onEcho(String raw) {
            return "{\"echo\":true}";
        }

        public int[] onList(JsonNode request) {
            return new int[] {1, 2};
        }

        public Map<String, Object> onOwnId(JsonNode request) {
            return Map.of("id", "mine");
        }

        public byte[] onBytes(JsonNode request) {
            return new byte[] {1};
        }

        public Quote onMessage(Caller caller, Order order) {
            return new Quote(order.item(), order.quantity());
        }
    }

    private Client client(WsServiceConfig config) {
        attach("/q", request -> new QuoteService(), config);
        return connect("/q");
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void copiesAStringIdIntoTheReply() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"event\":\"quote\",\"symbol\":\"X\",\"id\":\"req-1\"}");

        JsonNode reply = json(client.readTextMessage());
        assertThat(reply.get("symbol").asString()).isEqualTo("X");
        assertThat(reply.get("id").isString()).isTrue();
        assertThat(reply.get("id").asString()).isEqualTo("req-1");
    }

    @Test
    void copiesANumericIdIntoTheReplyAsANumber() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"id\":42,\"event\":\"quote\",\"symbol\":\"X\"}");

        JsonNode reply = json(client.readTextMessage());
        assertThat(reply.get("id").isNumber()).isTrue();
        assertThat(reply.get("id").asInt()).isEqualTo(42);
    }

    @Test
    void copiesTheIdIntoEachElementOfAReturnedStream() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"event\":\"subscribe\",\"id\":7}");

        for (String symbol : List.of("A", "B", "C")) {
            JsonNode reply = json(client.readTextMessage());
            assertThat(reply.get("symbol").asString()).isEqualTo(symbol);
            assertThat(reply.get("id").asInt()).isEqualTo(7);
        }
    }

    @Test
    void matchesInterleavedRequestsToTheirReplies() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"event\":\"quote\",\"symbol\":\"X\",\"id\":1}");
        client.writeTextMessage("{\"event\":\"quote\",\"symbol\":\"Y\",\"id\":2}");

        JsonNode first = json(client.readTextMessage());
        JsonNode second = json(client.readTextMessage());
        assertThat(first.get("symbol").asString() + first.get("id").asInt()).isEqualTo("X1");
        assertThat(second.get("symbol").asString() + second.get("id").asInt()).isEqualTo("Y2");
    }

    @Test
    void sendsAReturnedStringAsItIsWithoutAnId() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"event\":\"echo\",\"id\":3}");

        assertThat(client.readTextMessage()).isEqualTo("{\"echo\":true}");
    }

    @Test
    void leavesARepliesOwnIdAlone() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"event\":\"own id\",\"id\":3}");

        assertThat(client.readTextMessage()).isEqualTo("{\"id\":\"mine\"}");
    }

    @Test
    void leavesRepliesThatAreNotJsonObjectsAlone() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"event\":\"list\",\"id\":3}");
        assertThat(client.readTextMessage()).isEqualTo("[1,2]");
        client.writeTextMessage("{\"event\":\"bytes\",\"id\":3}");
        assertThat(client.readBinaryMessage()).containsExactly(1);
    }

    @Test
    void addsNoIdWhenTheRequestHasNone() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"event\":\"quote\",\"symbol\":\"X\"}");

        assertThat(json(client.readTextMessage()).has("id")).isFalse();
    }

    @Test
    void copiesTheIdForMessagesThatFallBackToOnMessage() {
        Client client = client(WITH_IDS);

        client.writeTextMessage("{\"item\":\"tea\",\"quantity\":2,\"id\":\"o-1\"}");

        JsonNode reply = json(client.readTextMessage());
        assertThat(reply.get("symbol").asString()).isEqualTo("tea");
        assertThat(reply.get("id").asString()).isEqualTo("o-1");
    }

    @Test
    void addsNoIdWithoutADispatcherStreamId() {
        Client client = client(WsServiceConfig.builder().dispatcherKey("event").build());

        client.writeTextMessage("{\"event\":\"quote\",\"symbol\":\"X\",\"id\":5}");

        assertThat(json(client.readTextMessage()).has("id")).isFalse();
    }
}
