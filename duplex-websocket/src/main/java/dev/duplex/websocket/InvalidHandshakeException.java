package dev.duplex.websocket;

import java.util.List;
import java.util.Map;

/**
 * The opening handshake failed on the client: the server answered with something other than 101, or with a 101 that
 * does not satisfy RFC 6455 or the client's configuration (for example no common sub-protocol). The spec's
 * {@code InvalidHandshakeError}.
 *
 * <p>{@link #response()} gives the server's answer when one was received as valid HTTP; an answer the client could not
 * parse as HTTP fails the handshake without one. A {@link Client} never retries after it: a refusal is an answer.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class InvalidHandshakeException extends WebSocketException {
    /** The server's answer, or {@code null} when none was received. */
    private final HandshakeResponse response;

    /**
     * A failed handshake without a response (none was received).
     *
     * @param message what was wrong
     */
    public InvalidHandshakeException(String message) {
        this(message, null);
    }

    /**
     * A failed handshake and the server's answer.
     *
     * @param message  what was wrong
     * @param response the server's answer, or {@code null} when none was received
     */
    public InvalidHandshakeException(String message, HandshakeResponse response) {
        super(message);
        this.response = response;
    }

    /** {@return the server's response, or {@code null} when none was received or it was not valid HTTP} */
    public HandshakeResponse response() {
        return response;
    }

    /** {@return the HTTP status of the server's response, or 0 when none was received} */
    public int status() {
        return response == null ? 0 : response.status();
    }

    /** {@return the headers of the server's response (names in lower case), empty when none was received} */
    public Map<String, List<String>> headers() {
        return response == null ? Map.of() : response.headers();
    }

    /** {@return the start of the response body (at most 4 KiB), empty when there was none} */
    public String body() {
        return response == null ? "" : response.body();
    }
}
