package dev.duplex.websocket.internal.binding;

import dev.duplex.websocket.UpgradeException;
import java.util.Locale;
import java.util.UUID;

/**
 * Turns the text of an upgrade request's path, query or header parameter into the type an upgrade service asks for:
 * {@code String}, {@code int}, {@code long}, {@code boolean} ({@code true} or {@code false}, any case), {@code double}
 * (finite), their boxed forms, an enum (by constant name, any case) or {@code UUID}. A value that does not convert is
 * refused with an {@link UpgradeException} carrying the status the reference answers with: 404 for a path parameter,
 * 400 for a query parameter or header.
 *
 * <p>Thread safety: stateless.
 */
public final class ParameterConversion {
    private ParameterConversion() {
    }

    /**
     * {@return {@code text} as a {@code type}}
     *
     * @param what    what the value is, for the refusal's message, e.g. {@code "query parameter since"}
     * @param status  the HTTP status of the refusal
     * @throws UpgradeException         with {@code status} when {@code text} is {@code null} or does not convert
     * @throws IllegalArgumentException when {@code type} is not one of the supported types (a programming mistake)
     */
    @SuppressWarnings("unchecked")
    public static <T> T convert(String text, Class<T> type, String what, int status) {
        if (text == null) {
            throw new UpgradeException(status, "missing " + what);
        }
        try {
            return (T) converted(text.strip(), type);
        } catch (IllegalArgumentException malformed) {
            if (!supports(type)) {
                throw malformed;
            }
            throw new UpgradeException(status, what + " must be " + describe(type) + ", was '" + text + "'");
        }
    }

    /** {@return whether {@link #convert} can make a {@code type}} */
    public static boolean supports(Class<?> type) {
        return type == String.class || type == int.class || type == Integer.class || type == long.class
                || type == Long.class || type == boolean.class || type == Boolean.class || type == double.class
                || type == Double.class || type.isEnum() || type == UUID.class;
    }

    private static Object converted(String text, Class<?> type) {
        if (type == String.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(text);
        }
        if (type == long.class || type == Long.class) {
            return Long.parseLong(text);
        }
        if (type == boolean.class || type == Boolean.class) {
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("not a boolean");
        }
        if (type == double.class || type == Double.class) {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("not finite");
            }
            return value;
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("no such constant");
        }
        if (type == UUID.class) {
            if (text.length() != 36) {
                throw new IllegalArgumentException("not a UUID");
            }
            return UUID.fromString(text);
        }
        throw new IllegalArgumentException("cannot read a parameter as " + type.getName() + "; supported: String, int,"
                + " long, boolean, double (and their boxed forms), enums and UUID");
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            StringBuilder names = new StringBuilder("one of");
            for (Object constant : type.getEnumConstants()) {
                names.append(' ').append(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            return names.toString();
        }
        return switch (type.getSimpleName()) {
            case "int", "Integer" -> "an integer";
            case "long", "Long" -> "a long integer";
            case "boolean", "Boolean" -> "true or false";
            case "double", "Double" -> "a number";
            default -> "a " + type.getSimpleName();
        };
    }
}
