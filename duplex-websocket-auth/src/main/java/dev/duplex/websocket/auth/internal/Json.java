package dev.duplex.websocket.auth.internal;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** JSON of token, introspection and JWKS responses, read with the core's Jackson 3 into plain maps and lists. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /**
     * Parses a JSON object.
     *
     * @throws IllegalArgumentException when {@code text} is not a JSON object; the message says what was received
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text, String what) {
        try {
            Object value = MAPPER.readValue(text, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + abbreviate(text), e);
        }
        throw new IllegalArgumentException(what + " is not a JSON object: " + abbreviate(text));
    }

    /** Serialises a map of claims. */
    public static String write(Map<String, Object> value) {
        return MAPPER.writeValueAsString(value);
    }

    /** At most 200 characters of {@code text}, for error messages. */
    public static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
