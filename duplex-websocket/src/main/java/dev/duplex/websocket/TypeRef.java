package dev.duplex.websocket;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type to read into, captured by subclassing:
 * {@code List<Order> orders = client.readMessage(new TypeRef<List<Order>>() {});}
 *
 * <p>Thread safety: immutable.
 *
 * @param <T> the type
 */
public abstract class TypeRef<T> {
    private final Type type;

    /**
     * Captures the type argument of the anonymous subclass being made.
     *
     * @throws IllegalStateException when made without a type argument (a raw {@code new TypeRef() {}})
     */
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException("TypeRef must be created with a type argument: new TypeRef<List<X>>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    /** {@return the captured type, e.g. the parameterized type {@code List<Order>}} */
    public Type type() {
        return type;
    }

    @Override
    public String toString() {
        return "TypeRef<" + type.getTypeName() + ">";
    }
}
