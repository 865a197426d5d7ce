package dev.duplex.websocket.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.JacksonCodec;
import dev.duplex.websocket.PayloadValidationException;
import dev.duplex.websocket.TypeRef;
import dev.duplex.websocket.binding.Payloads.Basket;
import dev.duplex.websocket.binding.Payloads.Circle;
import dev.duplex.websocket.binding.Payloads.Color;
import dev.duplex.websocket.binding.Payloads.Customer;
import dev.duplex.websocket.binding.Payloads.Event;
import dev.duplex.websocket.binding.Payloads.Order;
import dev.duplex.websocket.binding.Payloads.OrderCancelled;
import dev.duplex.websocket.binding.Payloads.OrderCreated;
import dev.duplex.websocket.binding.Payloads.Shape;
import dev.duplex.websocket.binding.Payloads.Square;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.binding.SafeXml;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/** The spec's data-binding rules (§3.2.1, §4.3) for every type family, without sockets. */
class MessageBinderTest {
    private final MessageBinder binder = new MessageBinder(JacksonCodec.DEFAULT, true);

    private static final Type LIST_OF_ORDERS = new TypeRef<List<Order>>() {
    }.type();
    private static final Type LIST_OF_EVENTS = new TypeRef<List<Event>>() {
    }.type();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    class TextMessages {
        @Test
        void bindsTextToStringAsItIsWithoutParsing() {
            assertThat(binder.fromText("{not json", String.class)).isEqualTo("{not json");
            assertThat(binder.fromText("\"quoted\"", String.class)).isEqualTo("\"quoted\"");
        }

        @Test
        void bindsTextToXmlByParsingItAsXml() {
            Document document = (Document) binder.fromText("<order item=\"tea\"><qty>2</qty></order>",
                    Document.class);

            assertThat(document.getDocumentElement().getTagName()).isEqualTo("order");
            assertThat(document.getDocumentElement().getAttribute("item")).isEqualTo("tea");
        }

        @Test
        void failsToBindTextThatIsNotWellFormedXmlToXml() {
            assertThatThrownBy(() -> binder.fromText("<order>", Document.class))
                    .isInstanceOf(DataBindingException.class)
                    .hasMessageContaining("Document")
                    .hasCauseInstanceOf(org.xml.sax.SAXException.class);
        }

        @Test
        void bindsTextToJsonNodeByParsingItAsJson() {
            JsonNode node = (JsonNode) binder.fromText("{\"a\":[1,2]}", JsonNode.class);

            assertThat(node.get("a").get(1).asInt()).isEqualTo(2);
        }

        @Test
        void bindsTextToARecordByParsingItAsJson() {
            assertThat(binder.fromText("{\"item\":\"tea\",\"quantity\":2}", Order.class))
                    .isEqualTo(new Order("tea", 2));
        }

        @Test
        void bindsTextToARecordHoldingAListAnEnumAndADecimal() {
            Object bound = binder.fromText("{\"owner\":\"ann\",\"orders\":[{\"item\":\"tea\",\"quantity\":1}],"
                    + "\"color\":\"GREEN\",\"total\":10.50}", Basket.class);

            assertThat(bound).isEqualTo(new Basket("ann", List.of(new Order("tea", 1)), Color.GREEN,
                    new BigDecimal("10.50")));
        }

        @Test
        void bindsTextToAPojoByParsingItAsJson() {
            assertThat(binder.fromText("{\"name\":\"ann\",\"age\":31}", Customer.class))
                    .isEqualTo(new Customer("ann", 31));
        }

        @Test
        void bindsTextToAnEnumFromAJsonString() {
            assertThat(binder.fromText("\"RED\"", Color.class)).isEqualTo(Color.RED);
        }

        @Test
        void failsToBindAnUnquotedEnumNameBecauseTextIsParsedAsJson() {
            assertThatThrownBy(() -> binder.fromText("RED", Color.class)).isInstanceOf(DataBindingException.class);
        }

        @Test
        void bindsTextToAMap() {
            assertThat(binder.fromText("{\"a\":1,\"b\":\"x\"}", Map.class)).isEqualTo(Map.of("a", 1, "b", "x"));
        }

        @Test
        void bindsTextToAGenericListOfRecords() {
            assertThat(binder.fromText("[{\"item\":\"tea\",\"quantity\":1},{\"item\":\"jam\",\"quantity\":2}]",
                    LIST_OF_ORDERS)).isEqualTo(List.of(new Order("tea", 1), new Order("jam", 2)));
        }

        @Test
        void bindsTextToArrays() {
            assertThat((int[]) binder.fromText("[1,2,3]", int[].class)).containsExactly(1, 2, 3);
            assertThat((Order[]) binder.fromText("[{\"item\":\"tea\",\"quantity\":1}]", Order[].class))
                    .containsExactly(new Order("tea", 1));
        }

        @Test
        void bindsTextToBoxedPrimitivesAndBigDecimal() {
            assertThat(binder.fromText("42", Integer.class)).isEqualTo(42);
            assertThat(binder.fromText("9007199254740993", Long.class)).isEqualTo(9007199254740993L);
            assertThat(binder.fromText("true", Boolean.class)).isEqualTo(true);
            assertThat(binder.fromText("2.5", Double.class)).isEqualTo(2.5);
            assertThat(binder.fromText("1.10", BigDecimal.class)).isEqualTo(new BigDecimal("1.10"));
        }

        @Test
        void bindsTextToByteArrayAsJsonWhenTheMessageIsText() {
            assertThat((byte[]) binder.fromText("[1,2,3]", byte[].class)).containsExactly(1, 2, 3);
        }

        @Test
        void bindsTextToObjectAsTheStringThatArrived() {
            assertThat(binder.fromText("{\"a\":1}", Object.class)).isEqualTo("{\"a\":1}");
        }

        @Test
        void bindsTextToAPlainSealedInterfaceByItsTypeField() {
            assertThat(binder.fromText("{\"type\":\"OrderCreated\",\"orderId\":\"7\",\"quantity\":3}", Event.class))
                    .isEqualTo(new OrderCreated("7", 3));
            assertThat(binder.fromText("{\"type\":\"order_cancelled\",\"orderId\":\"7\",\"why\":\"late\"}",
                    Event.class)).isEqualTo(new OrderCancelled("7", "late"));
        }

        @Test
        void bindsTextToAJacksonAnnotatedPolymorphicType() {
            assertThat(binder.fromText("{\"kind\":\"circle\",\"radius\":2.0}", Shape.class)).isEqualTo(new Circle(2));
            assertThat(binder.fromText("{\"kind\":\"square\",\"side\":1.5}", Shape.class)).isEqualTo(new Square(1.5));
        }

        @Test
        void bindsTextToAListOfAPlainSealedInterface() {
            assertThat(binder.fromText("[{\"type\":\"OrderCreated\",\"orderId\":\"1\",\"quantity\":1},"
                    + "{\"type\":\"OrderCancelled\",\"orderId\":\"1\",\"why\":\"no\"}]", LIST_OF_EVENTS))
                    .isEqualTo(List.of(new OrderCreated("1", 1), new OrderCancelled("1", "no")));
        }

        @Test
        void failsWithADataBindingExceptionCarryingTheCauseWhenTheTextIsNotJson() {
            assertThatThrownBy(() -> binder.fromText("{\"item\":", Order.class))
                    .isInstanceOf(DataBindingException.class)
                    .isNotInstanceOf(PayloadValidationException.class)
                    .hasMessageStartingWith("data binding failed")
                    .hasMessageContaining("Order")
                    .hasCauseInstanceOf(tools.jackson.core.JacksonException.class);
        }

        @Test
        void failsWhenTheJsonDoesNotFitTheType() {
            assertThatThrownBy(() -> binder.fromText("{\"item\":\"tea\",\"quantity\":\"many\"}", Order.class))
                    .isInstanceOf(DataBindingException.class)
                    .hasCauseInstanceOf(tools.jackson.core.JacksonException.class);
        }

        @Test
        void failsWhenTrailingTokensFollowTheJsonValue() {
            assertThatThrownBy(() -> binder.fromText("{\"item\":\"tea\",\"quantity\":1} {}", Order.class))
                    .isInstanceOf(DataBindingException.class);
        }

        @Test
        void failsWhenASealedTypeNamesNoKnownSubtype() {
            assertThatThrownBy(() -> binder.fromText("{\"type\":\"Shipped\"}", Event.class))
                    .isInstanceOf(DataBindingException.class)
                    .hasMessageContaining("Shipped")
                    .hasMessageContaining("OrderCreated");
        }

        @Test
        void failsWithoutStackOverflowOnDeeplyNestedJson() {
            String deep = "[".repeat(100_000) + "]".repeat(100_000);

            assertThatThrownBy(() -> binder.fromText(deep, JsonNode.class)).isInstanceOf(DataBindingException.class);
        }
    }

    @Nested
    class BinaryMessages {
        @Test
        void bindsBinaryToByteArrayAsItIs() {
            byte[] data = {(byte) 0xff, 0, 1};

            assertThat(binder.fromBinary(data, byte[].class)).isSameAs(data);
        }

        @Test
        void bindsBinaryToByteBufferAsItIs() {
            ByteBuffer buffer = (ByteBuffer) binder.fromBinary(new byte[] {(byte) 0xff, 2}, ByteBuffer.class);

            assertThat(buffer.remaining()).isEqualTo(2);
            assertThat(buffer.get(0)).isEqualTo((byte) 0xff);
        }

        @Test
        void bindsBinaryToStringByDecodingUtf8() {
            assertThat(binder.fromBinary(utf8("grüße"), String.class)).isEqualTo("grüße");
        }

        @Test
        void bindsBinaryToXmlByDecodingUtf8ThenParsingXml() {
            Document document = (Document) binder.fromBinary(utf8("<a>ü</a>"), Document.class);

            assertThat(document.getDocumentElement().getTextContent()).isEqualTo("ü");
        }

        @Test
        void bindsBinaryToARecordByDecodingUtf8ThenParsingJson() {
            assertThat(binder.fromBinary(utf8("{\"item\":\"tea\",\"quantity\":2}"), Order.class))
                    .isEqualTo(new Order("tea", 2));
        }

        @Test
        void bindsBinaryToAGenericListAndASealedType() {
            assertThat(binder.fromBinary(utf8("[{\"item\":\"tea\",\"quantity\":1}]"), LIST_OF_ORDERS))
                    .isEqualTo(List.of(new Order("tea", 1)));
            assertThat(binder.fromBinary(utf8("{\"type\":\"OrderCreated\",\"orderId\":\"1\",\"quantity\":1}"),
                    Event.class)).isEqualTo(new OrderCreated("1", 1));
        }

        @Test
        void bindsBinaryToObjectAsTheBytesThatArrived() {
            byte[] data = utf8("{}");

            assertThat(binder.fromBinary(data, Object.class)).isSameAs(data);
        }

        @Test
        void failsToBindBinaryThatIsNotUtf8ToAnythingButBytes() {
            byte[] notUtf8 = {(byte) 0xc3, (byte) 0x28};

            assertThatThrownBy(() -> binder.fromBinary(notUtf8, String.class))
                    .isInstanceOf(DataBindingException.class)
                    .hasMessageContaining("UTF-8")
                    .hasCauseInstanceOf(java.nio.charset.CharacterCodingException.class);
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesABoundValueThatBreaksAConstraintNamingThePropertyAndTheConstraint() {
            assertThatThrownBy(() -> binder.fromText("{\"item\":\"tea\",\"quantity\":0}", Order.class))
                    .isInstanceOf(PayloadValidationException.class)
                    .hasMessageContaining("quantity")
                    .hasMessageContaining("Min");
        }

        @Test
        void namesEveryViolatedProperty() {
            assertThatThrownBy(() -> binder.fromText("{\"item\":\" \",\"quantity\":0}", Order.class))
                    .isInstanceOf(PayloadValidationException.class)
                    .hasMessageContaining("item")
                    .hasMessageContaining("NotBlank")
                    .hasMessageContaining("quantity");
        }

        @Test
        void validatesBinaryMessagesBoundToValues() {
            assertThatThrownBy(() -> binder.fromBinary(utf8("{\"item\":\"tea\",\"quantity\":0}"), Order.class))
                    .isInstanceOf(PayloadValidationException.class);
        }

        @Test
        void validatesEachElementOfABoundList() {
            assertThatThrownBy(() -> binder.fromText("[{\"item\":\"tea\",\"quantity\":1},{\"item\":\"jam\","
                    + "\"quantity\":0}]", LIST_OF_ORDERS))
                    .isInstanceOf(PayloadValidationException.class)
                    .hasMessageContaining("quantity");
        }

        @Test
        void doesNotValidateWhenValidationIsOff() {
            MessageBinder unvalidated = new MessageBinder(JacksonCodec.DEFAULT, false);

            assertThat(unvalidated.fromText("{\"item\":\"\",\"quantity\":0}", Order.class))
                    .isEqualTo(new Order("", 0));
        }
    }

    @Nested
    class Encoding {
        @Test
        void sendsAStringAsTextAsItIs() {
            MessageBinder.Outbound out = binder.encode("{raw");

            assertThat(out.text()).isEqualTo("{raw");
            assertThat(out.binary()).isNull();
        }

        @Test
        void sendsXmlAsText() throws Exception {
            MessageBinder.Outbound out = binder.encode(SafeXml.parse("<a x=\"1\">b</a>"));

            assertThat(out.text()).isEqualTo("<a x=\"1\">b</a>");
            assertThat(out.binary()).isNull();
        }

        @Test
        void sendsByteArraysAndByteBuffersAsBinary() {
            assertThat(binder.encode(new byte[] {1, 2}).binary()).containsExactly(1, 2);
            ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 1, 2, 3}, 1, 2);

            assertThat(binder.encode(buffer).binary()).containsExactly(1, 2);
            assertThat(buffer.remaining()).as("the buffer is not consumed").isEqualTo(2);
        }

        @Test
        void sendsEverythingElseAsJsonText() {
            assertThat(binder.encode(new Order("tea", 2)).text()).isEqualTo("{\"item\":\"tea\",\"quantity\":2}");
            assertThat(binder.encode(new Customer("ann", 3)).text()).isEqualTo("{\"age\":3,\"name\":\"ann\"}");
            assertThat(binder.encode(Color.RED).text()).isEqualTo("\"RED\"");
            assertThat(binder.encode(42).text()).isEqualTo("42");
            assertThat(binder.encode(new BigDecimal("1.10")).text()).isEqualTo("1.10");
            assertThat(binder.encode(true).text()).isEqualTo("true");
            assertThat(binder.encode(List.of(1, 2)).text()).isEqualTo("[1,2]");
            assertThat(binder.encode(Map.of("a", 1)).text()).isEqualTo("{\"a\":1}");
            assertThat(binder.encode(new int[] {1, 2}).text()).isEqualTo("[1,2]");
        }

        @Test
        void sendsAJsonNodeAsItsJsonText() {
            JsonNode node = (JsonNode) binder.fromText("{\"a\":[1,\"x\"]}", JsonNode.class);

            assertThat(binder.encode(node).text()).isEqualTo("{\"a\":[1,\"x\"]}");
        }

        @Test
        void addsTheTypeFieldToASubtypeOfAPlainSealedInterface() {
            String json = binder.encode(new OrderCreated("7", 3)).text();

            assertThat(json).contains("\"type\":\"OrderCreated\"");
            assertThat(binder.fromText(json, Event.class)).isEqualTo(new OrderCreated("7", 3));
        }

        @Test
        void writesJacksonsOwnTypeIdForAnAnnotatedPolymorphicType() {
            String json = binder.encode(new Circle(2)).text();

            assertThat(json).contains("\"kind\":\"circle\"");
            assertThat(binder.fromText(json, Shape.class)).isEqualTo(new Circle(2));
        }

        @Test
        void roundTripsAListOfAPlainSealedInterface() {
            List<Event> events = List.of(new OrderCreated("1", 1), new OrderCancelled("1", "no"));

            String json = binder.toJson(events);

            assertThat(binder.fromText(json, LIST_OF_EVENTS)).isEqualTo(events);
        }

        @Test
        void failsWithADataBindingExceptionWhenTheCodecCannotEncode() {
            Object unencodable = new Object() {
                public Object getSelf() {
                    return this;
                }
            };

            assertThatThrownBy(() -> binder.encode(unencodable)).isInstanceOf(DataBindingException.class)
                    .hasCauseInstanceOf(Exception.class);
        }
    }
}
