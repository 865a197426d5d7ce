package dev.duplex.websocket.internal.binding;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds sealed interfaces (and sealed abstract classes) that carry no Jackson type annotations, by a discriminator
 * field: the Java form of the reference's unions of records told apart by a {@code type} field. A subtype matches
 * when the field's value equals its {@link JsonTypeName}, or its simple name ignoring case and {@code _ - space}
 * ({@code "order_created"} → {@code OrderCreated}). Encoding a value of such a subtype adds the field.
 *
 * <p>Thread safety: immutable.
 */
public final class SealedTypes {
    private final JsonMapper mapper;
    /** Reads trees without losing decimal precision ({@code 12.50} stays {@code 12.50} on its way to a BigDecimal). */
    private final tools.jackson.databind.ObjectReader exactTrees;
    private final String discriminator;

    public SealedTypes(JsonMapper mapper, String discriminator) {
        this.mapper = mapper;
        this.exactTrees = mapper.reader()
                .with(tools.jackson.databind.cfg.JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(tools.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
        this.discriminator = discriminator;
    }

    /** Whether {@code type} is a sealed type this class discriminates. */
    public boolean handles(JavaType type) {
        return isDiscriminated(type.getRawClass());
    }

    private static boolean isDiscriminated(Class<?> raw) {
        return raw.isSealed() && (raw.isInterface() || Modifier.isAbstract(raw.getModifiers()))
                && !raw.isAnnotationPresent(JsonTypeInfo.class);
    }

    /** Parses {@code json} as the subtype its discriminator names. */
    public Object decode(String json, JavaType type) {
        JsonNode tree = exactTrees.readTree(json);
        return fromTree(tree, type.getRawClass());
    }

    private Object fromTree(JsonNode tree, Class<?> sealed) {
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a " + sealed.getSimpleName() + " must be a JSON object with a \""
                    + discriminator + "\" field");
        }
        JsonNode value = object.get(discriminator);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("a " + sealed.getSimpleName() + " needs a string \"" + discriminator
                    + "\" field naming one of " + names(sealed));
        }
        Class<?> subtype = match(sealed, value.stringValue());
        if (subtype == null) {
            throw new IllegalArgumentException("\"" + discriminator + "\": \"" + value.stringValue()
                    + "\" is none of " + names(sealed));
        }
        if (isDiscriminated(subtype)) {
            return fromTree(tree, subtype);
        }
        ObjectNode copy = object.deepCopy();
        if (!declaresProperty(subtype, discriminator)) {
            copy.remove(discriminator);
        }
        return mapper.treeToValue(copy, subtype);
    }

    private static Class<?> match(Class<?> sealed, String value) {
        String wanted = normalise(value);
        for (Class<?> candidate : sealed.getPermittedSubclasses()) {
            JsonTypeName name = candidate.getAnnotation(JsonTypeName.class);
            if (name != null ? name.value().equals(value) : normalise(candidate.getSimpleName()).equals(wanted)) {
                return candidate;
            }
        }
        return null;
    }

    private static String normalise(String name) {
        return name.replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> names(Class<?> sealed) {
        List<String> names = new ArrayList<>();
        for (Class<?> candidate : sealed.getPermittedSubclasses()) {
            JsonTypeName name = candidate.getAnnotation(JsonTypeName.class);
            names.add(name != null ? name.value() : candidate.getSimpleName());
        }
        return names;
    }

    private static boolean declaresProperty(Class<?> type, String property) {
        if (type.isRecord()) {
            return Arrays.stream(type.getRecordComponents()).anyMatch(c -> c.getName().equals(property));
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (Arrays.stream(c.getDeclaredFields()).anyMatch(f -> f.getName().equals(property))) {
                return true;
            }
        }
        return false;
    }

    /** The sealed discriminated supertype of {@code type}, or {@code null}. */
    public static Class<?> sealedSupertype(Class<?> type) {
        for (Class<?> candidate : type.getInterfaces()) {
            if (isDiscriminated(candidate)) {
                return candidate;
            }
        }
        Class<?> superclass = type.getSuperclass();
        return superclass != null && isDiscriminated(superclass) ? superclass : null;
    }

    /** The JSON of {@code value}, with the discriminator added when its class is a subtype of a sealed type. */
    public String encode(Object value) {
        if (sealedSupertype(value.getClass()) == null) {
            return mapper.writeValueAsString(value);
        }
        JsonNode tree = mapper.valueToTree(value);
        if (tree instanceof ObjectNode object && !object.has(discriminator)) {
            JsonTypeName name = value.getClass().getAnnotation(JsonTypeName.class);
            object.put(discriminator, name != null ? name.value() : value.getClass().getSimpleName());
        }
        return mapper.writeValueAsString(tree);
    }
}
