package dev.duplex.websocket.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.binding.Payloads.Circle;
import dev.duplex.websocket.binding.Payloads.Command;
import dev.duplex.websocket.binding.Payloads.Event;
import dev.duplex.websocket.binding.Payloads.OrderCancelled;
import dev.duplex.websocket.binding.Payloads.OrderCreated;
import dev.duplex.websocket.binding.Payloads.Renamed;
import dev.duplex.websocket.binding.Payloads.Shape;
import dev.duplex.websocket.binding.Payloads.Start;
import dev.duplex.websocket.binding.Payloads.Stop;
import dev.duplex.websocket.internal.binding.SealedTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Plain sealed interfaces discriminated by their "type" field, wherever they appear. */
class SealedTypesTest {
    private final JsonMapper mapper = SealedTypes.register(JsonMapper.builder().build());

    /** A sealed hierarchy with a sealed interface inside it. */
    public sealed interface Message permits Ping, Update {
    }

    public record Ping(long at) implements Message {
    }

    public sealed interface Update extends Message permits Added, Removed {
    }

    public record Added(String key) implements Update {
    }

    public record Removed(String key) implements Update {
    }

    /** A record holding sealed values. */
    public record Envelope(String id, Event event, List<Event> history, Map<String, Event> byKey) {
    }

    @Test
    void picksTheSubtypeWhoseSimpleNameIsTheTypeField() {
        assertThat(mapper.readValue("{\"type\":\"OrderCreated\",\"orderId\":\"1\",\"quantity\":2}", Event.class))
                .isEqualTo(new OrderCreated("1", 2));
    }

    @Test
    void matchesTheSimpleNameIgnoringCaseUnderscoresHyphensAndSpaces() {
        assertThat(mapper.readValue("{\"type\":\"order_created\",\"orderId\":\"1\",\"quantity\":2}", Event.class))
                .isEqualTo(new OrderCreated("1", 2));
        assertThat(mapper.readValue("{\"type\":\"order-cancelled\",\"orderId\":\"1\",\"why\":\"x\"}", Event.class))
                .isEqualTo(new OrderCancelled("1", "x"));
        assertThat(mapper.readValue("{\"type\":\"ORDER CREATED\",\"orderId\":\"1\",\"quantity\":2}", Event.class))
                .isEqualTo(new OrderCreated("1", 2));
    }

    @Test
    void matchesAJsonTypeNameExactly() {
        assertThat(mapper.readValue("{\"type\":\"name-changed\",\"to\":\"bo\"}", Event.class))
                .isEqualTo(new Renamed("bo"));
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"Renamed\",\"to\":\"bo\"}", Event.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void acceptsTheTypeFieldAnywhereInTheObject() {
        assertThat(mapper.readValue("{\"orderId\":\"1\",\"quantity\":2,\"type\":\"OrderCreated\"}", Event.class))
                .isEqualTo(new OrderCreated("1", 2));
    }

    @Test
    void failsNamingTheKnownTypesWhenTheTypeFieldNamesNone() {
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"Shipped\"}", Event.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("Shipped")
                .hasMessageContaining("OrderCreated")
                .hasMessageContaining("name-changed");
    }

    @Test
    void failsWhenTheTypeFieldIsMissing() {
        assertThatThrownBy(() -> mapper.readValue("{\"orderId\":\"1\"}", Event.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("type");
    }

    @Test
    void failsWhenTheValueIsNotAnObject() {
        assertThatThrownBy(() -> mapper.readValue("[1]", Event.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("\"OrderCreated\"", Event.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void writesTheTypeFieldForASubtype() {
        assertThat(mapper.writeValueAsString(new OrderCreated("1", 2)))
                .isEqualTo("{\"type\":\"OrderCreated\",\"orderId\":\"1\",\"quantity\":2}");
        assertThat(mapper.writeValueAsString(new Renamed("bo"))).isEqualTo("{\"type\":\"name-changed\",\"to\":\"bo\"}");
    }

    @Test
    void readsASubtypeDirectlyWithOrWithoutTheTypeField() {
        assertThat(mapper.readValue("{\"orderId\":\"1\",\"quantity\":2}", OrderCreated.class))
                .isEqualTo(new OrderCreated("1", 2));
        assertThat(mapper.readValue("{\"type\":\"OrderCreated\",\"orderId\":\"1\",\"quantity\":2}",
                OrderCreated.class)).isEqualTo(new OrderCreated("1", 2));
    }

    @Test
    void givesTheTypeFieldToASubtypeThatDeclaresItAndWritesItOnce() {
        assertThat(mapper.readValue("{\"type\":\"start\",\"target\":\"pump\"}", Command.class))
                .isEqualTo(new Start("start", "pump"));
        assertThat(mapper.readValue("{\"type\":\"stop\",\"target\":\"pump\"}", Command.class))
                .isEqualTo(new Stop("pump"));

        String json = mapper.writeValueAsString(new Start("start", "pump"));

        assertThat(json).isEqualTo("{\"type\":\"Start\",\"target\":\"pump\"}");
    }

    @Test
    void resolvesSubtypesOfANestedSealedInterface() {
        assertThat(mapper.readValue("{\"type\":\"added\",\"key\":\"k\"}", Message.class)).isEqualTo(new Added("k"));
        assertThat(mapper.readValue("{\"type\":\"removed\",\"key\":\"k\"}", Update.class))
                .isEqualTo(new Removed("k"));
        assertThat(mapper.readValue("{\"type\":\"ping\",\"at\":5}", Message.class)).isEqualTo(new Ping(5));
    }

    @Test
    void bindsSealedValuesInsideRecordsListsAndMaps() {
        Envelope envelope = new Envelope("e1", new OrderCreated("1", 2),
                List.of(new OrderCancelled("0", "dup"), new Renamed("x")), Map.of("k", new OrderCreated("3", 4)));

        String json = mapper.writeValueAsString(envelope);

        assertThat(json).contains("\"type\":\"OrderCancelled\"", "\"type\":\"name-changed\"");
        assertThat(mapper.readValue(json, Envelope.class)).isEqualTo(envelope);
    }

    @Test
    void bindsAGenericListOfASealedInterface() {
        List<Event> events = mapper.readValue("[{\"type\":\"Renamed\" ,\"to\":\"x\"}]".replace("Renamed",
                "name-changed"), new TypeReference<List<Event>>() {
                });

        assertThat(events).containsExactly(new Renamed("x"));
    }

    @Test
    void leavesTypesWithJacksonsOwnTypeInfoToJackson() {
        assertThat(SealedTypes.isDiscriminated(Shape.class)).isFalse();
        assertThat(mapper.writeValueAsString(new Circle(1))).isEqualTo("{\"kind\":\"circle\",\"radius\":1.0}");
        assertThat(mapper.readValue("{\"kind\":\"circle\",\"radius\":1.0}", Shape.class)).isEqualTo(new Circle(1));
    }

    @Test
    void findsTheWriteTypeOfACollectionOfOneSealedFamily() {
        List<Event> events = List.of(new OrderCreated("1", 1), new Renamed("x"));

        assertThat(SealedTypes.containerType(events, mapper.getTypeFactory()).getContentType().getRawClass())
                .isEqualTo(Event.class);
        assertThat(SealedTypes.containerType(List.of(1, 2), mapper.getTypeFactory())).isNull();
        assertThat(SealedTypes.containerType(List.of("a"), mapper.getTypeFactory())).isNull();
        assertThat(SealedTypes.containerType(List.of(new OrderCreated("1", 1), new Added("k")),
                mapper.getTypeFactory())).isNull();
    }

    @Test
    void knowsEachSubtypesDiscriminatorValueAndSupertype() {
        assertThat(SealedTypes.typeName(OrderCreated.class)).isEqualTo("OrderCreated");
        assertThat(SealedTypes.typeName(Renamed.class)).isEqualTo("name-changed");
        assertThat(SealedTypes.sealedSupertype(Added.class)).isEqualTo(Update.class);
        assertThat(SealedTypes.sealedSupertype(Circle.class)).isNull();
        assertThat(SealedTypes.sealedSupertype(String.class)).as("the JDK's sealed ConstantDesc").isNull();
        assertThat(SealedTypes.concreteSubtypes(Message.class)).containsExactly(Ping.class, Added.class,
                Removed.class);
    }
}
