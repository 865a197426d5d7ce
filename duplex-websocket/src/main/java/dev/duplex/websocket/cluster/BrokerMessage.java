package dev.duplex.websocket.cluster;

import java.util.Objects;

/**
 * One message crossing nodes: a text or binary payload (text as UTF-8), the node that published it, and the
 * connection the publisher asked to leave out (its sender), if any.
 *
 * <p>The payload array is owned by the message once made: neither side changes it.
 *
 * @param kind               text or binary
 * @param payload            the message's bytes (text as UTF-8); not {@code null}
 * @param originNode         the {@link BrokerNode#nodeId()} of the publishing node; not {@code null}
 * @param exceptConnectionId the connection that does not receive it, or {@code null} for none
 */
public record BrokerMessage(Kind kind, byte[] payload, String originNode, String exceptConnectionId) {
    /** What the payload is. */
    public enum Kind {
        /** A text message; the payload is UTF-8. */
        TEXT,
        /** A binary message. */
        BINARY
    }

    /**
     * Checks that the required parts are present.
     *
     * @param kind               see {@link #kind()}
     * @param payload            see {@link #payload()}
     * @param originNode         see {@link #originNode()}
     * @param exceptConnectionId see {@link #exceptConnectionId()}
     */
    public BrokerMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(originNode, "originNode");
    }
}
