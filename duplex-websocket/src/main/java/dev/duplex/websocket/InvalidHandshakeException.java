package dev.duplex.websocket;

import java.util.List;
import java.util.Map;

/**
 * The opening handshake failed on the client: the server answered with something other than 101, or
 * with a 101 that does not satisfy RFC 6455 or the client's configuration (for example no common
 * sub-protocol). The spec's {@code InvalidHandshakeError}.
 *
 * <p>{@link #status()} and {@link #headers()} give the server's response when one was received.
 */
public class InvalidHandshakeException extends WebSocketException {
    private final int status;
    private final Map<String, List<String>> headers;
    private final String body;

    public InvalidHandshakeException(String message) {
        this(message, 0, Map.of(), "");
    }

    public InvalidHandshakeException(String message, int status, Map<String, List<String>> headers, String body) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body == null ? "" : body;
    }

    /** The HTTP status of the server's response, or 0 when none was received. */
    public int status() {
        return status;
    }

    /** The headers of the server's response (names in lower case), empty when none was received. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The start of the response body, empty when there was none. */
    public String body() {
        return body;
    }
}
