package dev.duplex.websocket;

import dev.duplex.websocket.internal.binding.SealedTypes;
import java.lang.reflect.Type;
import java.util.Objects;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link MessageCodec}: Jackson 3. Records, POJOs, enums, maps, lists, arrays, boxed primitives,
 * {@code BigDecimal}, {@code JsonNode} and generic types bind as Jackson binds them; polymorphic types use Jackson's
 * {@code @JsonTypeInfo} / {@code @JsonSubTypes}, and a sealed interface without them is discriminated by its
 * {@code "type"} field (see {@link #DISCRIMINATOR}) wherever it appears: at the top level, inside records, lists and
 * maps.
 *
 * <p>Thread safety: immutable; share one instance per service or client (a {@link JsonMapper} is thread-safe).
 */
public final class JacksonCodec implements MessageCodec {
    /** The field that names the subtype of a sealed interface that carries no Jackson type annotations. */
    public static final String DISCRIMINATOR = SealedTypes.DISCRIMINATOR;

    /**
     * The shared default: a mapper that rejects trailing tokens and ignores unknown properties (Jackson 3's default),
     * so a message may carry a dispatcher key and a stream id beside the fields of the type it binds to.
     */
    public static final JacksonCodec DEFAULT = new JacksonCodec(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build());

    private final JsonMapper mapper;

    /**
     * A codec using {@code mapper}'s configuration, for applications that configure their own; the discrimination of
     * plain sealed types is added to a copy of it, so {@code mapper} itself is unchanged.
     *
     * @param mapper the mapper to copy; not {@code null}
     */
    public JacksonCodec(JsonMapper mapper) {
        this.mapper = SealedTypes.register(Objects.requireNonNull(mapper, "mapper"));
    }

    /** {@return the mapper this codec uses: a copy of the one it was given, with sealed-type discrimination added} */
    public JsonMapper mapper() {
        return mapper;
    }

    @Override
    public Object decode(String json, Type type) {
        return mapper.readValue(json, mapper.constructType(type));
    }

    @Override
    public String encode(Object value) {
        JavaType container = SealedTypes.containerType(value, mapper.getTypeFactory());
        return container == null ? mapper.writeValueAsString(value)
                : mapper.writerFor(container).writeValueAsString(value);
    }
}
