package dev.duplex.websocket;

/**
 * A write could not be handed to the network within its timeout ({@link WsServiceConfig#writeTimeout()},
 * {@link ClientConfiguration#writeTimeout()}) because the peer was not reading, or the writing thread was interrupted
 * while it waited. When the write was still waiting for room in the outbound buffer, nothing of the message was sent;
 * when a client was waiting for its message to reach the socket, part of it may be on the wire. Either way the
 * connection closes with 1008. A {@link Client} does not retry it.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class WriteTimeoutException extends ConnectionException {
    /**
     * A write timeout.
     *
     * @param message what could not be sent, the timeout and the setting to change
     */
    public WriteTimeoutException(String message) {
        super(message);
    }
}
