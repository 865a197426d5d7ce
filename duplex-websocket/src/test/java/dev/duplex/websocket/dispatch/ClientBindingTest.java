package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.PayloadValidationException;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.TypeRef;
import dev.duplex.websocket.binding.Payloads.Circle;
import dev.duplex.websocket.binding.Payloads.Color;
import dev.duplex.websocket.binding.Payloads.Customer;
import dev.duplex.websocket.binding.Payloads.Event;
import dev.duplex.websocket.binding.Payloads.Order;
import dev.duplex.websocket.binding.Payloads.OrderCancelled;
import dev.duplex.websocket.binding.Payloads.OrderCreated;
import dev.duplex.websocket.binding.Payloads.Shape;
import dev.duplex.websocket.internal.binding.SafeXml;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/** The client's {@code readMessage(Class)}, {@code readMessage(TypeRef)} and {@code writeMessage} (spec §4.3). */
class ClientBindingTest extends ListenerTestBase {
    /** Sends back what it receives, and reports the kind of frame. */
    public static class Echo implements Service {
        final java.util.concurrent.BlockingQueue<Object> seen;

        Echo(java.util.concurrent.BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        public String onTextMessage(Caller caller, String text) {
            seen.add("text " + text);
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            seen.add("binary " + new String(data, StandardCharsets.ISO_8859_1));
            return data;
        }
    }

    private Client client;

    @BeforeEach
    void connectToEcho() {
        attach("/echo", request -> new Echo(received));
        client = connect("/echo");
    }

    private Client connectWith(ClientConfiguration.Builder config) {
        return connect("/echo", config);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- reading text ----

    @Test
    void readsTextAsAStringAsItIs() {
        client.writeTextMessage("{not json");

        assertThat(client.readMessage(String.class)).isEqualTo("{not json");
    }

    @Test
    void readsTextAsXml() {
        client.writeTextMessage("<a b=\"c\"/>");

        assertThat(client.readMessage(Document.class).getDocumentElement().getAttribute("b")).isEqualTo("c");
    }

    @Test
    void readsTextAsAJsonNode() {
        client.writeTextMessage("{\"a\":[1]}");

        assertThat(client.readMessage(JsonNode.class).at("/a/0").asInt()).isEqualTo(1);
    }

    @Test
    void readsTextAsARecordAPojoAndAnEnum() {
        client.writeTextMessage("{\"item\":\"tea\",\"quantity\":2}");
        client.writeTextMessage("{\"name\":\"ann\",\"age\":3}");
        client.writeTextMessage("\"GREEN\"");

        assertThat(client.readMessage(Order.class)).isEqualTo(new Order("tea", 2));
        assertThat(client.readMessage(Customer.class)).isEqualTo(new Customer("ann", 3));
        assertThat(client.readMessage(Color.class)).isEqualTo(Color.GREEN);
    }

    @Test
    void readsTextAsAMapAndAGenericList() {
        client.writeTextMessage("{\"a\":1}");
        client.writeTextMessage("[{\"item\":\"tea\",\"quantity\":1}]");

        assertThat(client.readMessage(new TypeRef<Map<String, Integer>>() { })).isEqualTo(Map.of("a", 1));
        List<Order> orders = client.readMessage(new TypeRef<List<Order>>() { });
        assertThat(orders).containsExactly(new Order("tea", 1));
    }

    @Test
    void readsTextAsAnArrayBoxedPrimitivesAndADecimal() {
        client.writeTextMessage("[1,2]");
        client.writeTextMessage("7");
        client.writeTextMessage("false");
        client.writeTextMessage("0.10");

        assertThat(client.readMessage(int[].class)).containsExactly(1, 2);
        assertThat(client.readMessage(Integer.class)).isEqualTo(7);
        assertThat(client.readMessage(Boolean.class)).isFalse();
        assertThat(client.readMessage(BigDecimal.class)).isEqualTo(new BigDecimal("0.10"));
    }

    @Test
    void readsTextAsAPrimitiveType() {
        client.writeTextMessage("7");

        int value = client.readMessage(int.class);

        assertThat(value).isEqualTo(7);
    }

    @Test
    void readsTextAsAPlainSealedInterfaceAndAListOfOne() {
        client.writeTextMessage("{\"type\":\"order_cancelled\",\"orderId\":\"1\",\"why\":\"late\"}");
        client.writeTextMessage("[{\"type\":\"OrderCreated\",\"orderId\":\"2\",\"quantity\":1}]");

        assertThat(client.readMessage(Event.class)).isEqualTo(new OrderCancelled("1", "late"));
        assertThat(client.readMessage(new TypeRef<List<Event>>() { })).containsExactly(new OrderCreated("2", 1));
    }

    @Test
    void readsTextAsAJacksonAnnotatedPolymorphicType() {
        client.writeTextMessage("{\"kind\":\"circle\",\"radius\":3}");

        assertThat(client.readMessage(Shape.class)).isEqualTo(new Circle(3));
    }

    // ---- reading binary ----

    @Test
    void readsBinaryAsBytesAndAsAByteBufferAsTheyAre() {
        client.writeBinaryMessage(new byte[] {(byte) 0xff, 1});
        client.writeBinaryMessage(new byte[] {(byte) 0xfe});

        assertThat(client.readMessage(byte[].class)).containsExactly(0xff, 1);
        assertThat(client.readMessage(ByteBuffer.class).get(0)).isEqualTo((byte) 0xfe);
    }

    @Test
    void readsBinaryAsAStringAnXmlDocumentAndARecordDecodingUtf8First() {
        client.writeBinaryMessage(utf8("grüße"));
        client.writeBinaryMessage(utf8("<a>ü</a>"));
        client.writeBinaryMessage(utf8("{\"item\":\"tea\",\"quantity\":2}"));

        assertThat(client.readMessage(String.class)).isEqualTo("grüße");
        assertThat(client.readMessage(Document.class).getDocumentElement().getTextContent()).isEqualTo("ü");
        assertThat(client.readMessage(Order.class)).isEqualTo(new Order("tea", 2));
    }

    // ---- failures ----

    @Test
    void throwsADataBindingExceptionWithTheCauseAndKeepsTheMessageQueued() {
        client.writeTextMessage("{\"item\":");
        client.writeTextMessage("{\"item\":\"tea\",\"quantity\":1}");

        assertThatThrownBy(() -> client.readMessage(Order.class)).isInstanceOf(DataBindingException.class)
                .hasMessageContaining("Order")
                .hasCauseInstanceOf(tools.jackson.core.JacksonException.class);
        // The message that did not bind stays queued, as one of the wrong kind does.
        assertThat(client.readTextMessage()).isEqualTo("{\"item\":");
        assertThat(client.readMessage(Order.class)).isEqualTo(new Order("tea", 1));
    }

    @Test
    void throwsADataBindingExceptionForXmlThatIsNotWellFormedAndStaysUsable() {
        client.writeTextMessage("<a>");
        client.writeTextMessage("<a/>");

        assertThatThrownBy(() -> client.readMessage(Document.class)).isInstanceOf(DataBindingException.class)
                .hasCauseInstanceOf(org.xml.sax.SAXException.class);
        assertThat(client.readTextMessage()).isEqualTo("<a>");
        assertThat(client.readMessage(Document.class)).isNotNull();
    }

    @Test
    void throwsADataBindingExceptionForBinaryThatIsNotUtf8() {
        client.writeBinaryMessage(new byte[] {(byte) 0xc3, 0x28});
        client.writeTextMessage("next");

        assertThatThrownBy(() -> client.readMessage(String.class)).isInstanceOf(DataBindingException.class)
                .hasMessageContaining("UTF-8");
        assertThat(client.readBinaryMessage()).containsExactly((byte) 0xc3, 0x28);
        assertThat(client.readTextMessage()).isEqualTo("next");
    }

    @Test
    void throwsAPayloadValidationExceptionNamingThePropertyAndTheConstraint() {
        client.writeTextMessage("{\"item\":\"\",\"quantity\":1}");
        client.writeTextMessage("{\"item\":\"tea\",\"quantity\":1}");

        assertThatThrownBy(() -> client.readMessage(Order.class)).isInstanceOf(PayloadValidationException.class)
                .hasMessageContaining("item")
                .hasMessageContaining("NotBlank");
        assertThat(client.readTextMessage()).isEqualTo("{\"item\":\"\",\"quantity\":1}");
        assertThat(client.readMessage(Order.class)).isEqualTo(new Order("tea", 1));
    }

    @Test
    void doesNotValidateWhenValidationIsOff() {
        Client unvalidated = connectWith(ClientConfiguration.builder().validation(false));

        unvalidated.writeTextMessage("{\"item\":\"\",\"quantity\":0}");

        assertThat(unvalidated.readMessage(Order.class)).isEqualTo(new Order("", 0));
    }

    // ---- writing ----

    @Test
    void writesAStringAsTextAsItIs() throws Exception {
        client.writeMessage("{raw");

        assertThat(nextReceived()).isEqualTo("text {raw");
    }

    @Test
    void writesXmlAsText() throws Exception {
        client.writeMessage(SafeXml.parse("<a>b</a>"));

        assertThat(nextReceived()).isEqualTo("text <a>b</a>");
    }

    @Test
    void writesBytesAndByteBuffersAsBinary() throws Exception {
        client.writeMessage(new byte[] {65, 66});
        client.writeMessage(ByteBuffer.wrap(new byte[] {67}));

        assertThat(nextReceived()).isEqualTo("binary AB");
        assertThat(nextReceived()).isEqualTo("binary C");
    }

    @Test
    void writesEverythingElseAsJsonText() throws Exception {
        client.writeMessage(new Order("tea", 1));
        client.writeMessage(List.of(new OrderCreated("1", 2)));
        client.writeMessage(Map.of("n", new BigDecimal("1.0")));
        client.writeMessage(Color.RED);

        assertThat(nextReceived()).isEqualTo("text {\"item\":\"tea\",\"quantity\":1}");
        assertThat(nextReceived()).isEqualTo("text [{\"type\":\"OrderCreated\",\"orderId\":\"1\",\"quantity\":2}]");
        assertThat(nextReceived()).isEqualTo("text {\"n\":1.0}");
        assertThat(nextReceived()).isEqualTo("text \"RED\"");
    }

    @Test
    void writesNothingAndThrowsWhenAValueCannotBeEncoded() throws Exception {
        Object unencodable = new Object() {
            public Object getSelf() {
                return this;
            }
        };

        assertThatThrownBy(() -> client.writeMessage(unencodable)).isInstanceOf(DataBindingException.class);
        client.writeMessage("after");
        assertThat(nextReceived()).isEqualTo("text after");
    }
}
