package dev.duplex.websocket;

import java.lang.reflect.Type;
import java.util.Objects;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link MessageCodec}: Jackson 3. Records, POJOs, enums, maps, lists, arrays, boxed primitives,
 * {@code BigDecimal}, {@code JsonNode} and generic types bind as Jackson binds them; polymorphic types use Jackson's
 * {@code @JsonTypeInfo} / {@code @JsonSubTypes}, and a sealed interface without them is discriminated by its
 * {@code "type"} field (see {@link #DISCRIMINATOR}).
 *
 * <p>Thread safety: immutable; share one instance per service or client (a {@link JsonMapper} is thread-safe).
 */
public final class JacksonCodec implements MessageCodec {
    /** The field that names the subtype of a sealed interface that carries no Jackson type annotations. */
    public static final String DISCRIMINATOR = "type";

    /** The shared default: a mapper that rejects trailing tokens and ignores no unknown properties. */
    public static final JacksonCodec DEFAULT = new JacksonCodec(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build());

    private final JsonMapper mapper;
    private final dev.duplex.websocket.internal.binding.SealedTypes sealedTypes;

    /** A codec using {@code mapper}, for applications that configure their own. */
    public JacksonCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.sealedTypes = new dev.duplex.websocket.internal.binding.SealedTypes(mapper, DISCRIMINATOR);
    }

    /** The mapper this codec uses. */
    public JsonMapper mapper() {
        return mapper;
    }

    @Override
    public Object decode(String json, Type type) {
        JavaType javaType = mapper.constructType(type);
        if (sealedTypes.handles(javaType)) {
            return sealedTypes.decode(json, javaType);
        }
        return mapper.readValue(json, javaType);
    }

    @Override
    public String encode(Object value) {
        return sealedTypes.encode(value);
    }
}
