package dev.duplex.websocket.cluster;

import dev.duplex.websocket.WebSocketException;

/**
 * A cross-node operation failed at once because the broker is unreachable. Local delivery is not affected: a
 * broadcast still reached this node's members before this was reported.
 */
public class BrokerUnavailableException extends WebSocketException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be done, and why
     * @param cause   the broker client's error, or {@code null}
     */
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
