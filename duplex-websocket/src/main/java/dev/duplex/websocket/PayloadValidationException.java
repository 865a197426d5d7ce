package dev.duplex.websocket;

/** A bound value broke a Jakarta Bean Validation constraint. The spec's {@code PayloadValidationError}. */
public class PayloadValidationException extends DataBindingException {
    public PayloadValidationException(String message) {
        super(message);
    }

    public PayloadValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
