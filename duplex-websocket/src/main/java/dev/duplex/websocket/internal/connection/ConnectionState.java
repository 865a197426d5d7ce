package dev.duplex.websocket.internal.connection;

/**
 * The life of a WebSocket connection after its handshake (RFC 6455 §7). Transitions happen only in
 * {@link WebSocketConnection}: {@code OPEN → CLOSE_SENT → CLOSED} when this end closes first,
 * {@code OPEN → CLOSED} when the peer does (its close frame is echoed at once) or the TCP connection drops.
 */
public enum ConnectionState {
    /** Messages flow both ways. */
    OPEN,
    /** This end sent a close frame and waits for the peer's; nothing more may be sent. */
    CLOSE_SENT,
    /** Both close frames were exchanged, or the TCP connection is gone. */
    CLOSED
}
