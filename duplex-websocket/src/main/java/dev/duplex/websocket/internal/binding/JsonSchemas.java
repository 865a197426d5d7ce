package dev.duplex.websocket.internal.binding;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (the subset AsyncAPI 3.0 uses) for the Java types messages bind to: records and POJOs become objects
 * with their properties (each class once, under {@code components/schemas}, referenced by {@code $ref}), enums string
 * enumerations, collections arrays, maps objects, sealed types a {@code oneOf} of their subtypes discriminated by
 * {@code type}.
 *
 * <p>Thread safety: not thread-safe; one instance builds one document.
 */
public final class JsonSchemas {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Map<String, ObjectNode> named = new LinkedHashMap<>();
    private final String refPrefix;

    /** @param refPrefix where named schemas live, e.g. {@code #/components/schemas/} */
    public JsonSchemas(String refPrefix) {
        this.refPrefix = refPrefix;
    }

    /** The named schemas built so far, by name. */
    public Map<String, ObjectNode> named() {
        return named;
    }

    /** The schema of {@code type}: inline for simple types, a {@code $ref} for classes. */
    public ObjectNode schemaOf(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return array(schemaOf(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = object();
                map.set("additionalProperties", schemaOf(arguments[1]));
                return map;
            }
            if (raw == Optional.class) {
                return schemaOf(arguments[0]);
            }
            return schemaOf(raw);
        }
        if (type instanceof GenericArrayType array) {
            return array(schemaOf(array.getGenericComponentType()));
        }
        if (type instanceof WildcardType wildcard) {
            return schemaOf(wildcard.getUpperBounds()[0]);
        }
        if (!(type instanceof Class<?> c)) {
            return NODES.objectNode();
        }
        return classSchema(c);
    }

    private ObjectNode classSchema(Class<?> c) {
        if (c == String.class || c == char.class || c == Character.class || c == UUID.class
                || Temporal.class.isAssignableFrom(c) || c == CharSequence.class) {
            return typed("string");
        }
        if (c == byte[].class || c == ByteBuffer.class) {
            ObjectNode bytes = typed("string");
            bytes.put("format", "binary");
            return bytes;
        }
        if (c == boolean.class || c == Boolean.class) {
            return typed("boolean");
        }
        if (c == int.class || c == long.class || c == short.class || c == byte.class || c == Integer.class
                || c == Long.class || c == Short.class || c == Byte.class || c == BigInteger.class) {
            return typed("integer");
        }
        if (c == double.class || c == float.class || c == Double.class || c == Float.class || c == BigDecimal.class
                || c == Number.class) {
            return typed("number");
        }
        if (c == Object.class || JsonNode.class.isAssignableFrom(c)) {
            return NODES.objectNode();
        }
        if (c == org.w3c.dom.Document.class) {
            ObjectNode xml = typed("string");
            xml.put("contentMediaType", "application/xml");
            return xml;
        }
        if (c.isArray()) {
            return array(classSchema(c.getComponentType()));
        }
        if (Collection.class.isAssignableFrom(c)) {
            return array(NODES.objectNode());
        }
        if (Map.class.isAssignableFrom(c)) {
            return object();
        }
        return reference(c);
    }

    private ObjectNode reference(Class<?> c) {
        String name = c.getSimpleName();
        if (!named.containsKey(name)) {
            ObjectNode placeholder = NODES.objectNode();
            named.put(name, placeholder);
            placeholder.setAll(define(c));
        }
        ObjectNode ref = NODES.objectNode();
        ref.put("$ref", refPrefix + name);
        return ref;
    }

    private ObjectNode define(Class<?> c) {
        if (c.isEnum()) {
            ObjectNode schema = typed("string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return schema;
        }
        JsonSubTypes listed = c.getAnnotation(JsonSubTypes.class);
        if (c.isSealed() || (listed != null && (c.isInterface() || Modifier.isAbstract(c.getModifiers())))) {
            ObjectNode schema = NODES.objectNode();
            ArrayNode choices = schema.putArray("oneOf");
            if (c.isSealed()) {
                for (Class<?> subtype : c.getPermittedSubclasses()) {
                    choices.add(reference(subtype));
                }
            } else {
                for (JsonSubTypes.Type subtype : listed.value()) {
                    choices.add(reference(subtype.value()));
                }
            }
            return schema;
        }
        ObjectNode schema = object();
        ObjectNode properties = schema.putObject("properties");
        Map.Entry<String, String> typeId = typeId(c);
        if (typeId != null) {
            ObjectNode discriminator = typed("string");
            discriminator.put("const", typeId.getValue());
            properties.set(typeId.getKey(), discriminator);
            schema.putArray("required").add(typeId.getKey());
        }
        if (c.isRecord()) {
            ArrayNode required = schema.has("required") ? (ArrayNode) schema.get("required")
                    : schema.putArray("required");
            for (RecordComponent component : c.getRecordComponents()) {
                if (typeId != null && component.getName().equals(typeId.getKey())) {
                    continue;
                }
                properties.set(component.getName(), schemaOf(component.getGenericType()));
                required.add(component.getName());
            }
            return schema;
        }
        for (Method getter : c.getMethods()) {
            String property = propertyName(getter);
            if (property != null) {
                properties.set(property, schemaOf(getter.getGenericReturnType()));
            }
        }
        for (Field field : c.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !properties.has(field.getName())) {
                properties.set(field.getName(), schemaOf(field.getGenericType()));
            }
        }
        return schema;
    }

    /**
     * The discriminator property and value of a subtype: {@code type} and its name for a plain sealed type
     * ({@link SealedTypes}); the property and name Jackson's {@link JsonTypeInfo} (by name) gives otherwise; or
     * {@code null}.
     */
    private static Map.Entry<String, String> typeId(Class<?> c) {
        if (SealedTypes.sealedSupertype(c) != null) {
            return Map.entry(SealedTypes.DISCRIMINATOR, SealedTypes.typeName(c));
        }
        for (Class<?> up = c.getSuperclass(); up != null; up = up.getSuperclass()) {
            Map.Entry<String, String> found = jacksonTypeId(up, c);
            if (found != null) {
                return found;
            }
        }
        for (Class<?> up : c.getInterfaces()) {
            Map.Entry<String, String> found = jacksonTypeId(up, c);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Map.Entry<String, String> jacksonTypeId(Class<?> base, Class<?> subtype) {
        JsonTypeInfo info = base.getAnnotation(JsonTypeInfo.class);
        if (info == null || info.use() != JsonTypeInfo.Id.NAME || info.include() == JsonTypeInfo.As.WRAPPER_ARRAY
                || info.include() == JsonTypeInfo.As.WRAPPER_OBJECT) {
            return null;
        }
        String property = info.property().isEmpty() ? info.use().getDefaultPropertyName() : info.property();
        String name = subtype.getSimpleName();
        JsonTypeName typeName = subtype.getAnnotation(JsonTypeName.class);
        if (typeName != null) {
            name = typeName.value();
        }
        JsonSubTypes subTypes = base.getAnnotation(JsonSubTypes.class);
        if (subTypes != null) {
            for (JsonSubTypes.Type type : subTypes.value()) {
                if (type.value() == subtype && !type.name().isEmpty()) {
                    name = type.name();
                }
            }
        }
        return Map.entry(property, name);
    }

    private static String propertyName(Method method) {
        if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                || method.getDeclaringClass() == Object.class) {
            return null;
        }
        String name = method.getName();
        if (name.startsWith("get") && name.length() > 3 && method.getReturnType() != void.class) {
            return Character.toLowerCase(name.charAt(3)) + name.substring(4);
        }
        if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
            return Character.toLowerCase(name.charAt(2)) + name.substring(3);
        }
        return null;
    }

    private static ObjectNode typed(String type) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", type);
        return schema;
    }

    private static ObjectNode object() {
        return typed("object");
    }

    private static ObjectNode array(JsonNode items) {
        ObjectNode schema = typed("array");
        schema.set("items", items);
        return schema;
    }
}
