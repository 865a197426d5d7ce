package dev.duplex.websocket;

/**
 * A message could not be bound to the type a method or a read asked for, or a value could not be encoded for
 * sending. The spec's {@code PayloadBindingError}. On a listener a binding failure goes to the method's
 * {@code on<Method>Error}, else to {@code onError} (the connection stays open), else the connection closes with 1003;
 * a client's read throws it and the message is consumed.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class DataBindingException extends WebSocketException {
    /**
     * A binding failure.
     *
     * @param message what did not bind, and to which type
     */
    public DataBindingException(String message) {
        super(message);
    }

    /**
     * A binding failure with its cause.
     *
     * @param message what did not bind, and to which type
     * @param cause   the codec's or parser's failure
     */
    public DataBindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
