package dev.duplex.websocket;

/**
 * A bound value broke a Jakarta Bean Validation constraint (with {@code validation} on and a provider on the class
 * path). The spec's {@code PayloadValidationError}. Handled as the {@link DataBindingException} it is.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class PayloadValidationException extends DataBindingException {
    /**
     * A validation failure.
     *
     * @param message the constraint violations
     */
    public PayloadValidationException(String message) {
        super(message);
    }

    /**
     * A validation failure with its cause.
     *
     * @param message the constraint violations
     * @param cause   the validator's failure
     */
    public PayloadValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
