package dev.duplex.websocket.internal.connection;

/** What a non-blocking {@link WebSocketConnection#offer} did with a message. */
public enum Offer {
    /** Queued behind everything sent before it. */
    QUEUED,
    /** Not queued: the outbound bytes plus this message would exceed the budget. */
    OVER_BUDGET,
    /** Not queued: the connection no longer takes messages. */
    CLOSED
}
