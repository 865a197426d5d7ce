package dev.duplex.websocket.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.internal.binding.DispatchKeyReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Reading the dispatcher key and stream id of a text message (§3.2.2 rule 1), and putting the id in replies. */
class DispatchKeyReaderTest {
    private final DispatchKeyReader reader = new DispatchKeyReader("event", "id");

    @Test
    void readsTheStringValueOfTheDispatcherKey() {
        assertThat(reader.read("{\"event\":\"heartbeat\"}").value()).isEqualTo("heartbeat");
    }

    @Test
    void findsTheKeyAfterOtherFieldsWithNestedValues() {
        DispatchKeyReader.Keys keys = reader.read(
                "{\"payload\":{\"event\":\"inner\",\"list\":[{\"event\":\"x\"}]},\"event\":\"outer\",\"id\":7}");

        assertThat(keys.value()).isEqualTo("outer");
        assertThat(keys.streamId().asInt()).isEqualTo(7);
    }

    @Test
    void hasNoValueWhenTheKeyIsMissing() {
        assertThat(reader.read("{\"type\":\"heartbeat\"}").value()).isNull();
    }

    @Test
    void hasNoValueWhenTheKeyIsNotAString() {
        assertThat(reader.read("{\"event\":1}").value()).isNull();
        assertThat(reader.read("{\"event\":null}").value()).isNull();
        assertThat(reader.read("{\"event\":true}").value()).isNull();
        assertThat(reader.read("{\"event\":{\"name\":\"heartbeat\"}}").value()).isNull();
        assertThat(reader.read("{\"event\":[\"heartbeat\"]}").value()).isNull();
    }

    @Test
    void hasNoValueWhenTheMessageIsNotJson() {
        assertThat(reader.read("heartbeat").value()).isNull();
        assertThat(reader.read("").value()).isNull();
        assertThat(reader.read("{\"event\":").value()).isNull();
    }

    @Test
    void hasNoValueWhenTheMessageIsJsonButNotAnObject() {
        assertThat(reader.read("[{\"event\":\"heartbeat\"}]").value()).isNull();
        assertThat(reader.read("\"heartbeat\"").value()).isNull();
    }

    @Test
    void readsNumericAndStringStreamIds() {
        assertThat(reader.read("{\"event\":\"a\",\"id\":42}").streamId().isNumber()).isTrue();
        assertThat(reader.read("{\"id\":\"42\",\"event\":\"a\"}").streamId().stringValue()).isEqualTo("42");
    }

    @Test
    void ignoresAStreamIdThatIsNotAScalar() {
        assertThat(reader.read("{\"event\":\"a\",\"id\":{\"n\":1}}").streamId()).isNull();
    }

    @Test
    void readsNoStreamIdWithoutAStreamIdField() {
        DispatchKeyReader keyOnly = new DispatchKeyReader("event", null);

        DispatchKeyReader.Keys keys = keyOnly.read("{\"event\":\"a\",\"id\":1}");

        assertThat(keys.value()).isEqualTo("a");
        assertThat(keys.streamId()).isNull();
    }

    @Test
    void addsTheStreamIdToAJsonObjectReply() {
        String reply = DispatchKeyReader.withStreamId("{\"ok\":true}", "id", JsonNodeFactory.instance.numberNode(5));

        assertThat(reply).isEqualTo("{\"ok\":true,\"id\":5}");
    }

    @Test
    void keepsAStringStreamIdAString() {
        String reply = DispatchKeyReader.withStreamId("{}", "id", JsonNodeFactory.instance.stringNode("5"));

        assertThat(reply).isEqualTo("{\"id\":\"5\"}");
    }

    @Test
    void leavesARepliesOwnStreamIdFieldAlone() {
        String reply = DispatchKeyReader.withStreamId("{\"id\":1}", "id", JsonNodeFactory.instance.numberNode(5));

        assertThat(reply).isEqualTo("{\"id\":1}");
    }

    @Test
    void leavesRepliesThatAreNotJsonObjectsAlone() {
        assertThat(DispatchKeyReader.withStreamId("[1,2]", "id", JsonNodeFactory.instance.numberNode(5)))
                .isEqualTo("[1,2]");
        assertThat(DispatchKeyReader.withStreamId("42", "id", JsonNodeFactory.instance.numberNode(5)))
                .isEqualTo("42");
        assertThat(DispatchKeyReader.withStreamId("not json", "id", JsonNodeFactory.instance.numberNode(5)))
                .isEqualTo("not json");
    }
}
