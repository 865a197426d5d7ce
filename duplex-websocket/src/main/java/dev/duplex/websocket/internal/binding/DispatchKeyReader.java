package dev.duplex.websocket.internal.binding;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the dispatcher key and stream id of a JSON text message in one streaming pass over its top-level fields,
 * without building the whole tree (spec §3.2.2 rule 1). A message that is not a JSON object, or whose key is not a
 * string, has no dispatch value.
 *
 * <p>Thread safety: immutable.
 */
public final class DispatchKeyReader {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(tools.jackson.databind.cfg.JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(tools.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** What was found: either may be {@code null}. */
    public record Keys(String value, JsonNode streamId) {
        static final Keys NONE = new Keys(null, null);
    }

    private final String key;
    private final String streamIdKey;

    /** @param streamIdKey the stream id field, or {@code null} */
    public DispatchKeyReader(String key, String streamIdKey) {
        this.key = key;
        this.streamIdKey = streamIdKey;
    }

    public Keys read(String text) {
        String value = null;
        JsonNode streamId = null;
        try (JsonParser parser = MAPPER.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Keys.NONE;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals(key) && token == JsonToken.VALUE_STRING && value == null) {
                    value = parser.getString();
                } else if (name.equals(streamIdKey) && token != null && token.isScalarValue() && streamId == null) {
                    streamId = parser.readValueAsTree();
                } else {
                    parser.skipChildren();
                }
                if (value != null && (streamIdKey == null || streamId != null)) {
                    break;
                }
            }
        } catch (JacksonException notJson) {
            return new Keys(value, streamId);
        }
        return new Keys(value, streamId);
    }

    /**
     * {@code json} with {@code streamId} under {@code field} when it is a JSON object that lacks the field; otherwise
     * {@code json} unchanged.
     */
    public static String withStreamId(String json, String field, JsonNode streamId) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException notJson) {
            return json;
        }
        if (tree instanceof tools.jackson.databind.node.ObjectNode object && !object.has(field)) {
            object.set(field, streamId);
            return MAPPER.writeValueAsString(object);
        }
        return json;
    }
}
