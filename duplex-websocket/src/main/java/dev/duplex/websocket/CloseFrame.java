package dev.duplex.websocket;

import java.util.Objects;

/**
 * A close frame to return from a service method: the connection is closed with this status and reason
 * (spec §3.2.3.1). The constants are the spec's predefined close frames with their reasons; the constructor makes
 * a custom one.
 *
 * <pre>{@code
 * public CloseFrame onTextMessage(String text) {
 *     return text.equals("bye") ? CloseFrame.NORMAL_CLOSURE : new CloseFrame(4444, "Invalid User");
 * }
 * }</pre>
 *
 * <p>Thread safety: immutable.
 *
 * @param status the close code: 1000–1003, 1007–1011 or 3000–4999
 * @param reason the reason; at most 123 bytes in UTF-8; empty for none
 */
public record CloseFrame(int status, String reason) {
    /** 1000 Normal Closure, no reason: the purpose of the connection has been fulfilled. */
    public static final CloseFrame NORMAL_CLOSURE = new CloseFrame(1000, "");
    /** 1001 Going Away, no reason: this end is going down (what a graceful stop sends). */
    public static final CloseFrame GOING_AWAY = new CloseFrame(1001, "");
    /** 1002 Protocol Error: the peer broke the WebSocket protocol. */
    public static final CloseFrame PROTOCOL_ERROR = new CloseFrame(1002, "Connection closed due to protocol error");
    /** 1003 Unsupported Data: the peer sent a kind of data this end cannot accept (e.g. binary to a text service). */
    public static final CloseFrame UNSUPPORTED_DATA = new CloseFrame(1003, "Endpoint received unsupported frame");
    /** 1007 Invalid Frame Payload Data: a message's content does not fit its type (e.g. text that is not UTF-8). */
    public static final CloseFrame INVALID_PAYLOAD =
            new CloseFrame(1007, "Payload does not match the expected format or encoding");
    /** 1008 Policy Violation: a message breaks this end's policy (the generic refusal). */
    public static final CloseFrame POLICY_VIOLATION = new CloseFrame(1008, "Received message violates its policy");
    /** 1009 Message Too Big: a message is larger than this end accepts. */
    public static final CloseFrame MESSAGE_TOO_BIG =
            new CloseFrame(1009, "The received message exceeds the allowed size limit");
    /** 1011 Internal Error: this end met a condition that kept it from fulfilling the request. */
    public static final CloseFrame INTERNAL_SERVER_ERROR = new CloseFrame(1011, "Internal server error occurred");

    /**
     * A close frame to return; checked now, so a wrong code fails where it is written rather than when it is sent.
     *
     * @param status the close code: 1000–1003, 1007–1011 or 3000–4999
     * @param reason the reason, at most 123 bytes in UTF-8; {@code null} becomes empty
     * @throws IllegalArgumentException when the status may not be sent (outside 1000–1003, 1007–1011, 3000–4999)
     *                                  or the reason is longer than 123 bytes in UTF-8
     */
    public CloseFrame {
        if (!dev.duplex.websocket.internal.protocol.CloseCodes.isSendable(status)) {
            throw new IllegalArgumentException("Invalid status code: " + status
                    + " (a close frame may carry 1000-1003, 1007-1011 or 3000-4999)");
        }
        reason = Objects.requireNonNullElse(reason, "");
        dev.duplex.websocket.internal.protocol.CloseCodes.checkReasonLength(reason);
    }

    /**
     * A custom close frame with no reason.
     *
     * @param status the close code: 1000–1003, 1007–1011 or 3000–4999
     * @throws IllegalArgumentException when the status may not be sent
     */
    public CloseFrame(int status) {
        this(status, "");
    }
}
