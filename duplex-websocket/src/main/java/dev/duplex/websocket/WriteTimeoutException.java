package dev.duplex.websocket;

/**
 * A write could not be handed to the network within its timeout because the peer was not reading.
 * Nothing of the message was sent.
 */
public class WriteTimeoutException extends ConnectionException {
    public WriteTimeoutException(String message) {
        super(message);
    }
}
