package dev.duplex.websocket;

/** A message could not be bound to the type a method or a read asked for. The spec's {@code PayloadBindingError}. */
public class DataBindingException extends WebSocketException {
    public DataBindingException(String message) {
        super(message);
    }

    public DataBindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
