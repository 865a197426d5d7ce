package dev.duplex.websocket;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by an {@link UpgradeService} to refuse the upgrade with an HTTP error response of its choosing:
 * a status in 400–599 (400 by default), a body (the message by default) and extra headers.
 * The spec's {@code UpgradeError}.
 *
 * <pre>{@code
 * throw new UpgradeException(403, "room is full").withHeader("Retry-After", "30");
 * }</pre>
 */
public class UpgradeException extends WebSocketException {
    private final int status;
    private final Map<String, String> headers;

    /** Refuses with 400 Bad Request and the message as the body. */
    public UpgradeException(String message) {
        this(400, message);
    }

    /**
     * Refuses with {@code status} and the message as the body.
     *
     * @throws IllegalArgumentException when {@code status} is not in 400–599
     */
    public UpgradeException(int status, String message) {
        this(status, message, Map.of());
    }

    private UpgradeException(int status, String message, Map<String, String> headers) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("UpgradeException status must be in 400-599, was " + status);
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** A copy of this exception that also sends the header {@code name: value} with the refusal. */
    public UpgradeException withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        var next = new UpgradeException(status, getMessage(), copy);
        next.setStackTrace(getStackTrace());
        return next;
    }

    /** The HTTP status of the refusal. */
    public int status() {
        return status;
    }

    /** Extra headers of the refusal. */
    public Map<String, String> headers() {
        return headers;
    }
}
