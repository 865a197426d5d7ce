package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.binding.Payloads.Circle;
import dev.duplex.websocket.binding.Payloads.Color;
import dev.duplex.websocket.binding.Payloads.Customer;
import dev.duplex.websocket.binding.Payloads.Event;
import dev.duplex.websocket.binding.Payloads.Order;
import dev.duplex.websocket.binding.Payloads.OrderCreated;
import dev.duplex.websocket.binding.Payloads.Renamed;
import dev.duplex.websocket.binding.Payloads.Shape;
import dev.duplex.websocket.binding.Payloads.Square;
import dev.duplex.websocket.internal.binding.SafeXml;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/**
 * {@code onMessage(caller, T)} receives text and binary messages bound to {@code T} by the spec's rules, over a real
 * socket; what methods return goes back encoded by the same rules.
 */
class OnMessageBindingTest extends ListenerTestBase {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Records what it is given. */
    abstract static class Recording implements Service {
        final BlockingQueue<Object> seen;

        Recording(BlockingQueue<Object> seen) {
            this.seen = seen;
        }
    }

    public static class StringService extends Recording {
        StringService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Caller caller, String text) {
            seen.add(text);
        }
    }

    public static class BytesService extends Recording {
        BytesService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(byte[] data) {
            seen.add(data);
        }
    }

    public static class BufferService extends Recording {
        BufferService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(ByteBuffer data) {
            seen.add(data);
        }
    }

    public static class JsonService extends Recording {
        JsonService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Caller caller, JsonNode json) {
            seen.add(json);
        }
    }

    public static class XmlService extends Recording {
        XmlService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Caller caller, Document xml) {
            seen.add(xml);
        }
    }

    public static class OrderService extends Recording {
        OrderService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Caller caller, Order order) {
            seen.add(order);
        }
    }

    public static class CustomerService extends Recording {
        CustomerService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Customer customer) {
            seen.add(customer);
        }
    }

    public static class ColorService extends Recording {
        ColorService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Color color) {
            seen.add(color);
        }
    }

    public static class MapService extends Recording {
        MapService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Map<String, Integer> map) {
            seen.add(map);
        }
    }

    public static class OrderListService extends Recording {
        OrderListService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(List<Order> orders) {
            seen.add(orders);
        }
    }

    public static class OrderArrayService extends Recording {
        OrderArrayService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Order[] orders) {
            seen.add(List.of(orders));
        }
    }

    public static class NumberService extends Recording {
        NumberService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(BigDecimal amount) {
            seen.add(amount);
        }
    }

    public static class IntService extends Recording {
        IntService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(int count) {
            seen.add(count);
        }
    }

    public static class EventService extends Recording {
        EventService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Event event) {
            seen.add(event);
        }
    }

    public static class ShapeService extends Recording {
        ShapeService(BlockingQueue<Object> seen) {
            super(seen);
        }

        public void onMessage(Shape shape) {
            seen.add(shape);
        }
    }

    /** Returns a value of the kind the message names. */
    public static class ReplyService implements Service {
        public Object onTextMessage(String kind) throws Exception {
            return switch (kind) {
                case "string" -> "{not json}";
                case "xml" -> SafeXml.parse("<ok/>");
                case "bytes" -> new byte[] {1, 2, 3};
                case "buffer" -> ByteBuffer.wrap(new byte[] {4, 5});
                case "record" -> new Order("tea", 2);
                case "sealed" -> new OrderCreated("1", 1);
                case "list" -> List.of(new Order("tea", 1), new Order("jam", 2));
                case "map" -> Map.of("a", 1);
                case "number" -> new BigDecimal("1.50");
                case "enum" -> Color.GREEN;
                case "stream" -> Stream.of("a", new Order("tea", 1), new byte[] {9});
                case "publisher" -> publisher(List.of(new Order("tea", 1), new Order("jam", 2)));
                case "close" -> new CloseFrame(4000, "done");
                case "stream then close" -> Stream.of("last", new CloseFrame(4001, "streamed"), "never");
                default -> null;
            };
        }

        private static Flow.Publisher<Object> publisher(List<Object> items) {
            SubmissionPublisher<Object> publisher = new SubmissionPublisher<>();
            return subscriber -> {
                publisher.subscribe(subscriber);
                Thread producer = new Thread(() -> {
                    items.forEach(publisher::submit);
                    publisher.close();
                }, "test-publisher");
                producer.setDaemon(true);
                producer.start();
            };
        }
    }

    // ---- inbound ----

    @Test
    void givesTextAndBinaryToAStringParameterTextAsItIsBinaryDecodedAsUtf8() throws Exception {
        attach("/s", r -> new StringService(received));
        Client client = connect("/s");

        client.writeTextMessage("{not json");
        client.writeBinaryMessage(utf8("grüße"));

        assertThat(nextReceived()).isEqualTo("{not json");
        assertThat(nextReceived()).isEqualTo("grüße");
    }

    @Test
    void givesBinaryToAByteArrayParameterAsItIsAndTextAsJson() throws Exception {
        attach("/b", r -> new BytesService(received));
        Client client = connect("/b");

        client.writeBinaryMessage(new byte[] {(byte) 0xff, 0});
        client.writeTextMessage("[1,2]");

        assertThat((byte[]) nextReceived()).containsExactly(0xff, 0);
        assertThat((byte[]) nextReceived()).containsExactly(1, 2);
    }

    @Test
    void givesBinaryToAByteBufferParameterAsItIs() throws Exception {
        attach("/b", r -> new BufferService(received));
        Client client = connect("/b");

        client.writeBinaryMessage(new byte[] {(byte) 0xfe, 7});

        ByteBuffer buffer = (ByteBuffer) nextReceived();
        assertThat(buffer.remaining()).isEqualTo(2);
        assertThat(buffer.get(0)).isEqualTo((byte) 0xfe);
    }

    @Test
    void givesTextAndBinaryToAJsonNodeParsedAsJson() throws Exception {
        attach("/j", r -> new JsonService(received));
        Client client = connect("/j");

        client.writeTextMessage("{\"a\":1}");
        client.writeBinaryMessage(utf8("[true]"));

        assertThat(((JsonNode) nextReceived()).get("a").asInt()).isEqualTo(1);
        assertThat(((JsonNode) nextReceived()).get(0).asBoolean()).isTrue();
    }

    @Test
    void givesTextAndBinaryToAnXmlDocumentParsedAsXml() throws Exception {
        attach("/x", r -> new XmlService(received));
        Client client = connect("/x");

        client.writeTextMessage("<a>text</a>");
        client.writeBinaryMessage(utf8("<b>bïnary</b>"));

        assertThat(((Document) nextReceived()).getDocumentElement().getTextContent()).isEqualTo("text");
        assertThat(((Document) nextReceived()).getDocumentElement().getTextContent()).isEqualTo("bïnary");
    }

    @Test
    void givesTextAndBinaryToARecordParsedAsJson() throws Exception {
        attach("/o", r -> new OrderService(received));
        Client client = connect("/o");

        client.writeTextMessage("{\"item\":\"tea\",\"quantity\":2}");
        client.writeBinaryMessage(utf8("{\"item\":\"jam\",\"quantity\":3}"));

        assertThat(nextReceived()).isEqualTo(new Order("tea", 2));
        assertThat(nextReceived()).isEqualTo(new Order("jam", 3));
    }

    @Test
    void givesTextToAPojoParsedAsJson() throws Exception {
        attach("/c", r -> new CustomerService(received));

        connect("/c").writeTextMessage("{\"name\":\"ann\",\"age\":30}");

        assertThat(nextReceived()).isEqualTo(new Customer("ann", 30));
    }

    @Test
    void givesTextToAnEnumParsedAsJson() throws Exception {
        attach("/e", r -> new ColorService(received));

        connect("/e").writeTextMessage("\"RED\"");

        assertThat(nextReceived()).isEqualTo(Color.RED);
    }

    @Test
    void givesTextToAGenericMapParsedAsJson() throws Exception {
        attach("/m", r -> new MapService(received));

        connect("/m").writeTextMessage("{\"a\":1,\"b\":2}");

        assertThat(nextReceived()).isEqualTo(Map.of("a", 1, "b", 2));
    }

    @Test
    void givesTextToAGenericListOfRecords() throws Exception {
        attach("/l", r -> new OrderListService(received));

        connect("/l").writeTextMessage("[{\"item\":\"tea\",\"quantity\":1},{\"item\":\"jam\",\"quantity\":2}]");

        assertThat(nextReceived()).isEqualTo(List.of(new Order("tea", 1), new Order("jam", 2)));
    }

    @Test
    void givesBinaryToAnArrayOfRecords() throws Exception {
        attach("/a", r -> new OrderArrayService(received));

        connect("/a").writeBinaryMessage(utf8("[{\"item\":\"tea\",\"quantity\":1}]"));

        assertThat(nextReceived()).isEqualTo(List.of(new Order("tea", 1)));
    }

    @Test
    void givesTextToADecimalAndToAPrimitive() throws Exception {
        attach("/n", r -> new NumberService(received));
        attach("/i", r -> new IntService(received));

        connect("/n").writeTextMessage("10.50");
        assertThat(nextReceived()).isEqualTo(new BigDecimal("10.50"));
        connect("/i").writeBinaryMessage(utf8("42"));
        assertThat(nextReceived()).isEqualTo(42);
    }

    @Test
    void givesTextToAPlainSealedInterfaceDiscriminatedByType() throws Exception {
        attach("/ev", r -> new EventService(received));
        Client client = connect("/ev");

        client.writeTextMessage("{\"type\":\"order_created\",\"orderId\":\"1\",\"quantity\":5}");
        client.writeBinaryMessage(utf8("{\"type\":\"name-changed\",\"to\":\"bo\"}"));

        assertThat(nextReceived()).isEqualTo(new OrderCreated("1", 5));
        assertThat(nextReceived()).isEqualTo(new Renamed("bo"));
    }

    @Test
    void givesTextToAJacksonAnnotatedPolymorphicType() throws Exception {
        attach("/sh", r -> new ShapeService(received));
        Client client = connect("/sh");

        client.writeTextMessage("{\"kind\":\"circle\",\"radius\":1.5}");
        client.writeTextMessage("{\"kind\":\"square\",\"side\":2}");

        assertThat(nextReceived()).isEqualTo(new Circle(1.5));
        assertThat(nextReceived()).isEqualTo(new Square(2));
    }

    @Test
    void refusesAnXmlMessageOverMaxMessageSizeBeforeParsingIt() {
        attach("/x", r -> new XmlService(received), WsServiceConfig.builder().maxMessageSize(1024).build());
        Client client = connect("/x");

        client.writeTextMessage("<a>" + "<b/>".repeat(500) + "</a>");

        assertThatThrownBy(client::readMessage).isInstanceOf(dev.duplex.websocket.WebSocketException.class)
                .satisfies(e -> assertThat(((dev.duplex.websocket.WebSocketException) e).closeCode())
                        .isEqualTo(1009));
        assertThat(received).isEmpty();
    }

    @Test
    void bindsMessagesInsideTheEventLoopToo() throws Exception {
        attach("/o", r -> new OrderService(received),
                WsServiceConfig.builder().dispatchMode(dev.duplex.websocket.DispatchMode.EVENT_LOOP).build());

        connect("/o").writeTextMessage("{\"item\":\"tea\",\"quantity\":2}");

        assertThat(nextReceived()).isEqualTo(new Order("tea", 2));
    }

    // ---- returned values ----

    private Object reply(String kind) {
        attach("/r", r -> new ReplyService());
        Client client = connect("/r");
        client.writeTextMessage(kind);
        return client.readMessage();
    }

    @Test
    void sendsAReturnedStringAsTextAsItIs() {
        assertThat(reply("string")).isEqualTo("{not json}");
    }

    @Test
    void sendsAReturnedXmlDocumentAsText() {
        assertThat(reply("xml")).isEqualTo("<ok/>");
    }

    @Test
    void sendsReturnedBytesAsBinary() {
        assertThat(reply("bytes")).isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void sendsAReturnedByteBufferAsBinary() {
        assertThat(reply("buffer")).isEqualTo(new byte[] {4, 5});
    }

    @Test
    void sendsAReturnedRecordAsJsonText() {
        assertThat(reply("record")).isEqualTo("{\"item\":\"tea\",\"quantity\":2}");
    }

    @Test
    void sendsAReturnedSubtypeOfAPlainSealedInterfaceWithItsTypeField() {
        assertThat(reply("sealed")).isEqualTo("{\"type\":\"OrderCreated\",\"orderId\":\"1\",\"quantity\":1}");
    }

    @Test
    void sendsEachElementOfAReturnedListAsItsOwnMessage() {
        attach("/list", r -> new ReplyService());
        Client client = connect("/list");
        client.writeTextMessage("list");
        assertThat(client.readMessage()).isEqualTo("{\"item\":\"tea\",\"quantity\":1}");
        assertThat(client.readMessage()).isEqualTo("{\"item\":\"jam\",\"quantity\":2}");
    }

    @Test
    void sendsReturnedMapsNumbersAndEnumsAsJsonText() {
        attach("/r", r -> new ReplyService());
        Client client = connect("/r");

        client.writeTextMessage("map");
        assertThat(client.readMessage()).isEqualTo("{\"a\":1}");
        client.writeTextMessage("number");
        assertThat(client.readMessage()).isEqualTo("1.50");
        client.writeTextMessage("enum");
        assertThat(client.readMessage()).isEqualTo("\"GREEN\"");
    }

    @Test
    void sendsEachElementOfAReturnedStreamEncodedByTheSameRules() {
        attach("/r", r -> new ReplyService());
        Client client = connect("/r");

        client.writeTextMessage("stream");

        assertThat(client.readMessage()).isEqualTo("a");
        assertThat(client.readMessage()).isEqualTo("{\"item\":\"tea\",\"quantity\":1}");
        assertThat(client.readMessage()).isEqualTo(new byte[] {9});
    }

    @Test
    void sendsEachElementOfAReturnedPublisher() {
        attach("/r", r -> new ReplyService());
        Client client = connect("/r");

        client.writeTextMessage("publisher");

        assertThat(client.readMessage()).isEqualTo("{\"item\":\"tea\",\"quantity\":1}");
        assertThat(client.readMessage()).isEqualTo("{\"item\":\"jam\",\"quantity\":2}");
    }

    @Test
    void closesWhenAMethodReturnsACloseFrame() {
        attach("/r", r -> new ReplyService());
        Client client = connect("/r");

        client.writeTextMessage("close");

        assertThatThrownBy(client::readMessage).isInstanceOf(ConnectionClosureException.class)
                .satisfies(e -> {
                    assertThat(((ConnectionClosureException) e).closeCode()).isEqualTo(4000);
                    assertThat(((ConnectionClosureException) e).reason()).isEqualTo("done");
                });
    }

    @Test
    void closesWhenAReturnedStreamYieldsACloseFrameAndSendsNothingAfterIt() {
        attach("/r", r -> new ReplyService());
        Client client = connect("/r");

        client.writeTextMessage("stream then close");

        assertThat(client.readMessage()).isEqualTo("last");
        assertThatThrownBy(client::readMessage).isInstanceOf(ConnectionClosureException.class)
                .satisfies(e -> assertThat(((ConnectionClosureException) e).closeCode()).isEqualTo(4001));
    }
}
