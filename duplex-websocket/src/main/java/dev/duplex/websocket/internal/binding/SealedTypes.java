package dev.duplex.websocket.internal.binding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.Version;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedClass;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.impl.TypeIdResolverBase;
import tools.jackson.databind.type.TypeFactory;

/**
 * Binds sealed interfaces (and sealed abstract classes) that carry no Jackson type annotations by a discriminator
 * field {@value #DISCRIMINATOR}: the Java form of the reference's unions of records told apart by a {@code type}
 * field. A subtype matches when the field's value equals its {@link JsonTypeName}, or its simple name ignoring case
 * and {@code _ - space} ({@code "order_created"} → {@code OrderCreated}); encoding a subtype writes the field.
 *
 * <p>It is a Jackson module, so it applies wherever such a type appears: at the top level, as a record component, in
 * a {@code List<Event>} or a {@code Map<String, Event>}. A subtype that declares the field itself (a record component
 * {@code type}) receives its value; the field is written once. Types with Jackson's own {@link JsonTypeInfo} are
 * left to Jackson.
 *
 * <p>Thread safety: immutable.
 */
public final class SealedTypes {
    /** The field that names the subtype. */
    public static final String DISCRIMINATOR = "type";

    private SealedTypes() {
    }

    /** {@code mapper} with this module added (Jackson mappers are immutable: this is a new one). */
    public static JsonMapper register(JsonMapper mapper) {
        return mapper.rebuild().addModule(new Module()).build();
    }

    /**
     * Whether {@code raw} is a sealed type this class discriminates. The JDK's own sealed types are not: they are
     * not message types, and {@code String} and {@code Integer} implement the sealed {@code ConstantDesc}.
     */
    public static boolean isDiscriminated(Class<?> raw) {
        return raw.isSealed() && (raw.isInterface() || Modifier.isAbstract(raw.getModifiers()))
                && !raw.isAnnotationPresent(JsonTypeInfo.class)
                && !raw.getName().startsWith("java.") && !raw.getName().startsWith("jdk.");
    }

    /** The nearest sealed discriminated supertype of {@code type}, or {@code null}. */
    public static Class<?> sealedSupertype(Class<?> type) {
        for (Class<?> candidate : type.getInterfaces()) {
            if (isDiscriminated(candidate)) {
                return candidate;
            }
        }
        Class<?> superclass = type.getSuperclass();
        return superclass != null && isDiscriminated(superclass) ? superclass : null;
    }

    /** The outermost sealed discriminated type that {@code type} is or belongs to, or {@code null}. */
    static Class<?> root(Class<?> type) {
        Class<?> root = isDiscriminated(type) ? type : null;
        for (Class<?> up = sealedSupertype(type); up != null; up = sealedSupertype(up)) {
            root = up;
        }
        return root;
    }

    /** The discriminator value of a concrete subtype: its {@link JsonTypeName}, else its simple name. */
    public static String typeName(Class<?> subtype) {
        JsonTypeName name = subtype.getAnnotation(JsonTypeName.class);
        return name != null ? name.value() : subtype.getSimpleName();
    }

    /** The concrete subtypes of {@code sealed}, through nested sealed types. */
    public static List<Class<?>> concreteSubtypes(Class<?> sealed) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> candidate : sealed.getPermittedSubclasses()) {
            if (isDiscriminated(candidate)) {
                found.addAll(concreteSubtypes(candidate));
            } else {
                found.add(candidate);
            }
        }
        return found;
    }

    /** The concrete subtype of {@code sealed} that {@code value} names, or {@code null}. */
    public static Class<?> match(Class<?> sealed, String value) {
        String wanted = normalise(value);
        for (Class<?> candidate : concreteSubtypes(sealed)) {
            JsonTypeName name = candidate.getAnnotation(JsonTypeName.class);
            if (name != null ? name.value().equals(value) : normalise(candidate.getSimpleName()).equals(wanted)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The type to write {@code value} as when it is a collection or map whose elements all belong to one
     * discriminated sealed type, else {@code null}. Erasure hides the element type of a {@code List<Event>} at run
     * time, and Jackson writes type ids only for the declared element type.
     */
    public static JavaType containerType(Object value, TypeFactory types) {
        if (value instanceof Collection<?> collection) {
            Class<?> root = commonRoot(collection);
            return root == null ? null : types.constructCollectionType(Collection.class, root);
        }
        if (value instanceof Map<?, ?> map) {
            Class<?> root = commonRoot(map.values());
            return root == null ? null : types.constructMapType(Map.class, types.constructType(Object.class),
                    types.constructType(root));
        }
        return null;
    }

    private static Class<?> commonRoot(Collection<?> elements) {
        Class<?> common = null;
        for (Object element : elements) {
            Class<?> root = element == null ? null : root(element.getClass());
            if (root == null || (common != null && common != root)) {
                return null;
            }
            common = root;
        }
        return common;
    }

    private static String normalise(String name) {
        return name.replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
    }

    private static boolean declaresDiscriminator(Class<?> type) {
        if (type.isRecord()) {
            return Arrays.stream(type.getRecordComponents()).anyMatch(c -> c.getName().equals(DISCRIMINATOR));
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (Arrays.stream(c.getDeclaredFields()).anyMatch(f -> f.getName().equals(DISCRIMINATOR))) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@link Introspector}. */
    private static final class Module extends JacksonModule {
        @Override
        public String getModuleName() {
            return "duplex-sealed-types";
        }

        @Override
        public Version version() {
            return Version.unknownVersion();
        }

        @Override
        public void setupModule(SetupContext context) {
            // Appended: Jackson's own annotations, where present, win.
            context.appendAnnotationIntrospector(new Introspector());
        }
    }

    /**
     * Tells Jackson that a discriminated sealed type and its subtypes carry their type id in {@value #DISCRIMINATOR},
     * resolved by {@link TypeNames}; and that a subtype's own {@code type} property is not written a second time.
     */
    private static final class Introspector extends NopAnnotationIntrospector {
        private static final JsonTypeInfo.Value BY_DISCRIMINATOR = JsonTypeInfo.Value.construct(
                JsonTypeInfo.Id.CUSTOM, JsonTypeInfo.As.PROPERTY, DISCRIMINATOR, null, true, Boolean.FALSE);

        @Override
        public JsonTypeInfo.Value findPolymorphicTypeInfo(MapperConfig<?> config, Annotated annotated) {
            return annotated instanceof AnnotatedClass c && root(c.getRawType()) != null ? BY_DISCRIMINATOR : null;
        }

        @Override
        public Object findTypeIdResolver(MapperConfig<?> config, Annotated annotated) {
            return annotated instanceof AnnotatedClass c && root(c.getRawType()) != null ? TypeNames.class : null;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
            if (!(annotated instanceof AnnotatedClass c) || isDiscriminated(c.getRawType())
                    || root(c.getRawType()) == null) {
                return JsonIgnoreProperties.Value.empty();
            }
            // The type id is written by Jackson; a declared "type" property is still set when reading.
            JsonIgnoreProperties.Value ignored = JsonIgnoreProperties.Value.forIgnoredProperties(DISCRIMINATOR);
            return declaresDiscriminator(c.getRawType()) ? ignored.withAllowSetters() : ignored;
        }
    }

    /** Maps discriminator values to subtypes and back; one instance per base type (Jackson calls {@link #init}). */
    public static final class TypeNames extends TypeIdResolverBase {
        private JavaType baseType;
        private Class<?> root;

        public TypeNames() {
        }

        @Override
        public void init(JavaType baseType) {
            this.baseType = baseType;
            this.root = root(baseType.getRawClass());
        }

        @Override
        public String idFromValue(DatabindContext context, Object value) {
            return typeName(value.getClass());
        }

        @Override
        public String idFromValueAndType(DatabindContext context, Object value, Class<?> suggestedType) {
            return typeName(value != null ? value.getClass() : suggestedType);
        }

        /** @return {@code null} for an unknown value: Jackson then fails naming {@link #getDescForKnownTypeIds()} */
        @Override
        public JavaType typeFromId(DatabindContext context, String id) {
            Class<?> subtype = match(root, id);
            return subtype == null ? null : context.constructSpecializedType(baseType, subtype);
        }

        @Override
        public String getDescForKnownTypeIds() {
            return concreteSubtypes(root).stream().map(SealedTypes::typeName).toList().toString();
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }
}
