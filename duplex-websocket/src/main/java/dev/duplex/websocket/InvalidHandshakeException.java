package dev.duplex.websocket;

import java.util.List;
import java.util.Map;

/**
 * The opening handshake failed on the client: the server answered with something other than 101, or with a 101 that
 * does not satisfy RFC 6455 or the client's configuration (for example no common sub-protocol). The spec's
 * {@code InvalidHandshakeError}.
 *
 * <p>{@link #response()} gives the server's answer when one was received.
 */
public class InvalidHandshakeException extends WebSocketException {
    private final HandshakeResponse response;

    public InvalidHandshakeException(String message) {
        this(message, null);
    }

    public InvalidHandshakeException(String message, HandshakeResponse response) {
        super(message);
        this.response = response;
    }

    /** The server's response, or {@code null} when none was received. */
    public HandshakeResponse response() {
        return response;
    }

    /** The HTTP status of the server's response, or 0 when none was received. */
    public int status() {
        return response == null ? 0 : response.status();
    }

    /** The headers of the server's response (names in lower case), empty when none was received. */
    public Map<String, List<String>> headers() {
        return response == null ? Map.of() : response.headers();
    }

    /** The start of the response body, empty when there was none. */
    public String body() {
        return response == null ? "" : response.body();
    }
}
