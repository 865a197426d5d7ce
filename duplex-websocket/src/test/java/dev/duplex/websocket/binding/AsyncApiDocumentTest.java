package dev.duplex.websocket.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.duplex.websocket.AsyncApi;
import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.DispatcherConfig;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.ServiceConfig;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.UpgradeService;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.binding.Payloads.Basket;
import dev.duplex.websocket.binding.Payloads.Customer;
import dev.duplex.websocket.binding.Payloads.Event;
import dev.duplex.websocket.binding.Payloads.Order;
import dev.duplex.websocket.binding.Payloads.Shape;
import dev.duplex.websocket.testkit.OptionalTool;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AsyncApi} documents are valid AsyncAPI 3.0: checked against the official JSON Schema from the
 * {@code @asyncapi/specs} package, which {@code .ci/install-test-tools} installs under {@code .tools/asyncapi}; the
 * tests that need it are skipped, naming that step, without it.
 */
class AsyncApiDocumentTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static JsonSchema asyncApi30;

    @BeforeAll
    static void loadTheOfficialSchema() throws Exception {
        Path schema = OptionalTool.asyncApi30Schema(OptionalTool.repositoryRoot());
        if (OptionalTool.ASYNCAPI_SCHEMA.absence().isPresent()) {
            return; // each test that validates is skipped, with the reason, by assertValid
        }
        try (InputStream in = Files.newInputStream(schema)) {
            asyncApi30 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    private static void assertValid(String document) {
        OptionalTool.ASYNCAPI_SCHEMA.assumeInstalled();
        Set<ValidationMessage> problems = asyncApi30.validate(document, InputFormat.JSON);
        assertThat(problems).as("problems in\n%s", document).isEmpty();
    }

    private static JsonNode tree(String document) {
        return JSON.readTree(document);
    }

    // ---- services described ----

    public record Subscribe(String topic) {
    }

    public record Ack(String event, String topic, Set<String> topics) {
    }

    public record Heartbeat(String kind) {
    }

    /** Custom dispatch with a stream id, an annotated method, an error method and a streamed reply. */
    public static final class EventService implements Service {
        public Ack onSubscribe(Subscribe request) {
            return null;
        }

        @DispatcherConfig(dispatcherValue = "unsubscribe")
        public Ack onUnsubscribeRequest(Subscribe request) {
            return null;
        }

        public Stream<Heartbeat> onHeartbeat(Caller caller, Heartbeat beat) {
            return Stream.empty();
        }

        public void onSubscribeError(DataBindingException error) {
        }

        public CloseFrame onError(Throwable error) {
            return null;
        }
    }

    @ServiceConfig(dispatcherKey = "event", dispatcherStreamId = "id")
    public static final class EventUpgradeService implements UpgradeService {
        @Override
        public EventService onUpgrade(UpgradeRequest request) {
            return new EventService();
        }
    }

    /** Every type family as a parameter or a reply. */
    public static final class TypesService implements Service {
        public List<Order> onOrders(List<Order> orders) {
            return orders;
        }

        public Map<String, Customer> onCustomers(Map<String, Customer> customers) {
            return customers;
        }

        public Event onEvent(Event event) {
            return event;
        }

        public Shape onShape(Shape shape) {
            return shape;
        }

        public Basket onBasket(Basket basket) {
            return basket;
        }

        public Document onXml(Document document) {
            return document;
        }

        public byte[] onBytes(byte[] bytes) {
            return bytes;
        }

        public JsonNode onJson(JsonNode node) {
            return node;
        }

        public String onText(String text) {
            return text;
        }

        public java.math.BigDecimal onAmount(java.math.BigDecimal amount) {
            return amount;
        }

        public Integer[] onNumbers(int[] numbers) {
            return null;
        }

        public void onSelf(Tree tree) {
        }
    }

    /** A recursive type: its schema refers to itself. */
    public record Tree(String name, List<Tree> children) {
    }

    /** The spec's own methods. */
    public static final class PlainService implements Service {
        public String onTextMessage(Caller caller, String text) {
            return text;
        }

        public void onBinaryMessage(byte[] data) {
        }
    }

    public static final class OnMessageService implements Service {
        public Order onMessage(Order order) {
            return order;
        }
    }

    // ---- tests ----

    @Test
    void describesACustomDispatchServiceAsValidAsyncApi30() {
        String document = AsyncApi.describe(EventUpgradeService.class, "/events");

        assertValid(document);
        JsonNode root = tree(document);
        assertThat(root.get("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(root.get("operations").propertyNames()).contains("onSubscribe", "onUnsubscribeRequest",
                "onHeartbeat").doesNotContain("onSubscribeError", "onError");
    }

    @Test
    void namesTheDispatcherValueThatSelectsEachCustomMethod() {
        JsonNode root = tree(AsyncApi.describe(EventUpgradeService.class, "/events"));

        assertThat(root.at("/components/messages/unsubscribeRequest/name").asString()).isEqualTo("unsubscribe");
        assertThat(root.at("/components/messages/subscribe/payload").toString())
                .contains("\"event\"", "\"const\":\"subscribe\"", "\"id\"");
        assertThat(root.at("/operations/onSubscribe/summary").asString()).contains("\"event\" is \"subscribe\"");
    }

    @Test
    void describesRepliesIncludingTheElementsOfAReturnedStream() {
        JsonNode root = tree(AsyncApi.describe(EventUpgradeService.class, "/events"));

        assertThat(root.at("/operations/onSubscribe/reply")).isNotNull();
        assertThat(root.at("/components/messages/heartbeatReply/payload").toString()).contains("Heartbeat");
        assertThat(root.at("/components/schemas/Ack/properties/topics/type").asString()).isEqualTo("array");
    }

    @Test
    void describesEveryTypeFamilyAsValidAsyncApi30() {
        String document = AsyncApi.describe(TypesService.class, "/types",
                WsServiceConfig.builder().dispatcherKey("op").build());

        assertValid(document);
        JsonNode schemas = tree(document).at("/components/schemas");
        assertThat(schemas.at("/Event/oneOf").size()).isEqualTo(3);
        assertThat(schemas.at("/OrderCreated/properties/type/const").asString()).isEqualTo("OrderCreated");
        assertThat(schemas.at("/Renamed/properties/type/const").asString()).isEqualTo("name-changed");
        assertThat(schemas.at("/Color/enum").toString()).isEqualTo("[\"RED\",\"GREEN\"]");
        assertThat(schemas.at("/Tree/properties/children/items/$ref").asString())
                .isEqualTo("#/components/schemas/Tree");
    }

    @Test
    void describesAJacksonAnnotatedPolymorphicTypeByItsOwnDiscriminator() {
        JsonNode root = tree(AsyncApi.describe(TypesService.class, "/types"));

        assertThat(root.at("/components/schemas/Shape").toString()).contains("Circle", "Square");
        assertThat(root.at("/components/schemas/Circle/properties/kind/const").asString()).isEqualTo("circle");
    }

    @Test
    void describesTheSpecsOwnMethodsAsValidAsyncApi30() {
        String document = AsyncApi.describe(PlainService.class, "/basic/ws");

        assertValid(document);
        JsonNode root = tree(document);
        assertThat(root.at("/components/messages/textMessage/contentType").asString()).isEqualTo("text/plain");
        assertThat(root.at("/components/messages/binaryMessage/contentType").asString())
                .isEqualTo("application/octet-stream");
    }

    @Test
    void describesOnMessageAsValidAsyncApi30() {
        assertValid(AsyncApi.describe(OnMessageService.class, "/orders"));
    }

    @Test
    void describesPathParametersOfTheChannelAsValidAsyncApi30() {
        String document = AsyncApi.describe(PlainService.class, "/chat/{room}/{user}");

        assertValid(document);
        assertThat(tree(document).at("/channels/chat_room_user/parameters").propertyNames())
                .containsExactly("room", "user");
    }

    @Test
    void theOfficialSchemaRefusesADocumentThatBreaksIt() {
        OptionalTool.ASYNCAPI_SCHEMA.assumeInstalled();

        assertThat(asyncApi30.validate("{\"asyncapi\":\"3.0.0\",\"channels\":{\"c\":{\"address\":1}}}",
                InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void refusesAnUpgradeServiceThatDeclaresOnlyService() {
        assertThatThrownBy(() -> AsyncApi.describe(LambdaLikeUpgradeService.class, "/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declare the service class");
    }

    @Test
    void refusesAClassThatIsNeitherAServiceNorAnUpgradeService() {
        assertThatThrownBy(() -> AsyncApi.describe(String.class, "/x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    public static final class LambdaLikeUpgradeService implements UpgradeService {
        @Override
        public Service onUpgrade(UpgradeRequest request) {
            return new PlainService();
        }
    }
}
