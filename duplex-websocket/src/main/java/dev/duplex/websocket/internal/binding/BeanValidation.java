package dev.duplex.websocket.internal.binding;

import dev.duplex.websocket.PayloadValidationException;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jakarta Bean Validation of bound values, used only when the application has a provider (such as Hibernate
 * Validator) on its class path; without one, nothing is validated and nothing fails. Detected once.
 *
 * <p>Thread safety: the validator is thread-safe.
 */
public final class BeanValidation {
    private static final Logger LOG = LoggerFactory.getLogger(BeanValidation.class);

    private BeanValidation() {
    }

    /** Whether a provider is present (and {@code duplex.validation} is not {@code off}). */
    public static boolean available() {
        return Provider.VALIDATOR != null;
    }

    /**
     * Validates {@code value}; for a collection, an array or a map (a bound {@code List<Order>}), each element or
     * value, since a validator would look only at the container's own properties.
     *
     * @throws PayloadValidationException naming each violated property and constraint
     */
    public static void validate(Object value) {
        if (Provider.VALIDATOR == null || value == null) {
            return;
        }
        if (value instanceof Iterable<?> elements) {
            elements.forEach(BeanValidation::validate);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(BeanValidation::validate);
        } else if (value instanceof Object[] array) {
            for (Object element : array) {
                validate(element);
            }
        } else if (!isPlainValue(value.getClass())) {
            Provider.validate(value);
        }
    }

    /** JDK values (strings, numbers, DOM and JSON trees are not JDK but have no constraints either) need no validator. */
    private static boolean isPlainValue(Class<?> type) {
        return type.isPrimitive() || type.isArray() || type.isEnum() || type.getName().startsWith("java.")
                || type.getName().startsWith("tools.jackson.") || type.getName().startsWith("org.w3c.");
    }

    /** Loaded only when validation is attempted, so the API classes need not be present otherwise. */
    private static final class Provider {
        static final jakarta.validation.Validator VALIDATOR = create();

        private static jakarta.validation.Validator create() {
            if ("off".equals(System.getProperty("duplex.validation"))) {
                return null;
            }
            try {
                Class.forName("jakarta.validation.Validation");
            } catch (ClassNotFoundException | LinkageError absent) {
                return null;
            }
            try {
                jakarta.validation.Validator validator =
                        jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator();
                LOG.debug("bound values are validated with {}", validator.getClass().getName());
                return validator;
            } catch (RuntimeException | LinkageError noProvider) {
                LOG.debug("no Bean Validation provider: bound values are not validated ({})", noProvider.toString());
                return null;
            }
        }

        static void validate(Object value) {
            Set<jakarta.validation.ConstraintViolation<Object>> violations = VALIDATOR.validate(value);
            if (violations.isEmpty()) {
                return;
            }
            String detail = violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage() + " (@"
                            + v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName() + ")")
                    .collect(Collectors.joining("; "));
            throw new PayloadValidationException("data validation failed for " + value.getClass().getSimpleName()
                    + ": " + detail);
        }
    }
}
