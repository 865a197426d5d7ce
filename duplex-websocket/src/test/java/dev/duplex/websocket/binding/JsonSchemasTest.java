package dev.duplex.websocket.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.TypeRef;
import dev.duplex.websocket.binding.Payloads.Basket;
import dev.duplex.websocket.binding.Payloads.Color;
import dev.duplex.websocket.binding.Payloads.Customer;
import dev.duplex.websocket.binding.Payloads.Event;
import dev.duplex.websocket.binding.Payloads.Order;
import dev.duplex.websocket.binding.Payloads.Shape;
import dev.duplex.websocket.binding.Payloads.Start;
import dev.duplex.websocket.internal.binding.JsonSchemas;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/** JSON Schemas of the types messages bind to, as AsyncAPI documents use them. */
class JsonSchemasTest {
    private final JsonSchemas schemas = new JsonSchemas("#/components/schemas/");

    /** A type that refers to itself. */
    public record Node(String name, List<Node> children) {
    }

    private String schema(java.lang.reflect.Type type) {
        return schemas.schemaOf(type).toString();
    }

    private String named(String name) {
        return schemas.named().get(name).toString();
    }

    @Test
    void describesSimpleTypesInline() {
        assertThat(schema(String.class)).isEqualTo("{\"type\":\"string\"}");
        assertThat(schema(UUID.class)).isEqualTo("{\"type\":\"string\"}");
        assertThat(schema(int.class)).isEqualTo("{\"type\":\"integer\"}");
        assertThat(schema(Long.class)).isEqualTo("{\"type\":\"integer\"}");
        assertThat(schema(BigDecimal.class)).isEqualTo("{\"type\":\"number\"}");
        assertThat(schema(Double.class)).isEqualTo("{\"type\":\"number\"}");
        assertThat(schema(Boolean.class)).isEqualTo("{\"type\":\"boolean\"}");
        assertThat(schemas.named()).isEmpty();
    }

    @Test
    void describesBytesAsBinaryStringsAndXmlByItsMediaType() {
        assertThat(schema(byte[].class)).isEqualTo("{\"type\":\"string\",\"format\":\"binary\"}");
        assertThat(schema(ByteBuffer.class)).isEqualTo("{\"type\":\"string\",\"format\":\"binary\"}");
        assertThat(schema(Document.class)).contains("\"contentMediaType\":\"application/xml\"");
    }

    @Test
    void describesJsonTreesAndObjectAsAnything() {
        assertThat(schema(JsonNode.class)).isEqualTo("{}");
        assertThat(schema(Object.class)).isEqualTo("{}");
    }

    @Test
    void describesARecordOnceByReferenceWithEveryComponentRequired() {
        assertThat(schema(Order.class)).isEqualTo("{\"$ref\":\"#/components/schemas/Order\"}");
        assertThat(named("Order")).isEqualTo("{\"type\":\"object\",\"properties\":{\"item\":{\"type\":\"string\"},"
                + "\"quantity\":{\"type\":\"integer\"}},\"required\":[\"item\",\"quantity\"]}");
    }

    @Test
    void describesAPojoByItsGetters() {
        schema(Customer.class);

        assertThat(named("Customer")).contains("\"name\":{\"type\":\"string\"}", "\"age\":{\"type\":\"integer\"}");
    }

    @Test
    void describesAnEnumAsAStringEnumeration() {
        schema(Color.class);

        assertThat(named("Color")).isEqualTo("{\"type\":\"string\",\"enum\":[\"RED\",\"GREEN\"]}");
    }

    @Test
    void describesGenericListsArraysAndMaps() {
        assertThat(schema(new TypeRef<List<Order>>() { }.type()))
                .isEqualTo("{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Order\"}}");
        assertThat(schema(Order[].class))
                .isEqualTo("{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Order\"}}");
        assertThat(schema(new TypeRef<Map<String, Integer>>() { }.type()))
                .isEqualTo("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}");
        assertThat(schema(new TypeRef<Optional<String>>() { }.type())).isEqualTo("{\"type\":\"string\"}");
    }

    @Test
    void describesTheTypesARecordHolds() {
        schema(Basket.class);

        assertThat(schemas.named()).containsKeys("Basket", "Order", "Color");
        assertThat(named("Basket")).contains("\"orders\":{\"type\":\"array\"");
    }

    @Test
    void describesAPlainSealedInterfaceAsOneOfItsSubtypesWithAConstantTypeField() {
        schema(Event.class);

        assertThat(named("Event")).isEqualTo("{\"oneOf\":[{\"$ref\":\"#/components/schemas/OrderCreated\"},"
                + "{\"$ref\":\"#/components/schemas/OrderCancelled\"},{\"$ref\":\"#/components/schemas/Renamed\"}]}");
        assertThat(named("OrderCreated")).contains("\"type\":{\"type\":\"string\",\"const\":\"OrderCreated\"}")
                .contains("\"required\":[\"type\",");
        assertThat(named("Renamed")).contains("\"const\":\"name-changed\"");
    }

    @Test
    void describesTheTypeFieldOnceWhenASubtypeDeclaresIt() {
        schema(Start.class);

        assertThat(named("Start")).isEqualTo("{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\","
                + "\"const\":\"Start\"},\"target\":{\"type\":\"string\"}},\"required\":[\"type\",\"target\"]}");
    }

    @Test
    void describesAJacksonPolymorphicTypeByItsOwnPropertyAndNames() {
        schema(Shape.class);

        assertThat(named("Shape")).contains("Circle", "Square");
        assertThat(named("Circle")).contains("\"kind\":{\"type\":\"string\",\"const\":\"circle\"}");
    }

    @Test
    void describesARecursiveTypeByReferenceWithoutLooping() {
        schema(Node.class);

        assertThat(named("Node")).contains("\"children\":{\"type\":\"array\",\"items\":{\"$ref\":"
                + "\"#/components/schemas/Node\"}}");
    }
}
