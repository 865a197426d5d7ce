package dev.duplex.websocket;

import dev.duplex.websocket.internal.protocol.HeaderFieldRules;
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
 *
 * <p>An {@link Authenticator} may throw it too, to answer with a status of its own (e.g. 503 when the directory it
 * asks is down); the service's later {@code auth} entries are then not tried.
 *
 * <p>Thread safety: immutable; {@link #withHeader} makes a copy.
 */
public class UpgradeException extends WebSocketException {
    /** The HTTP status of the refusal, 400–599. */
    private final int status;
    /** Extra response headers, by name; immutable. */
    private final Map<String, String> headers;

    /**
     * Refuses with 400 Bad Request and the message as the body.
     *
     * @param message the response body (plain text); {@code null} for an empty body
     */
    public UpgradeException(String message) {
        this(400, message);
    }

    /**
     * Refuses with {@code status} and the message as the body.
     *
     * @param status  the HTTP status, 400–599
     * @param message the response body (plain text); {@code null} for an empty body
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

    /**
     * A copy of this exception that also sends the header {@code name: value} with the refusal (replacing a header
     * of that name added before); this one is unchanged.
     *
     * @param name  the header's name: a token (letters, digits and {@code !#$%&'*+-.^_`|~})
     * @param value the header's value; no control character but tab (so no CR, LF or NUL), not starting with
     *              whitespace
     * @return the copy, with this one's stack trace
     * @throws IllegalArgumentException naming the header, when the name is not a token, the value breaks the rule
     *                                  above, or either is {@code null}
     */
    public UpgradeException withHeader(String name, String value) {
        HeaderFieldRules.check(name, value, "UpgradeException.withHeader");
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        var next = new UpgradeException(status, getMessage(), copy);
        next.setStackTrace(getStackTrace());
        return next;
    }

    /** {@return the HTTP status of the refusal, 400–599} */
    public int status() {
        return status;
    }

    /** {@return the extra headers of the refusal, by name; read-only} */
    public Map<String, String> headers() {
        return headers;
    }
}
