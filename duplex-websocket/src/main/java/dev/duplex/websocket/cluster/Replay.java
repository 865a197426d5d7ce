package dev.duplex.websocket.cluster;

import java.util.List;

/**
 * The messages of a group's history after a given offset, oldest first.
 *
 * @param entries  the messages found, oldest first; at most the number asked for
 * @param complete {@code false} when the offset asked for is older than the history kept (the caller missed
 *                 messages that are gone and should reload); {@code true} when {@code entries} holds everything after
 *                 it that is still kept, up to the number asked for
 */
public record Replay(List<Entry> entries, boolean complete) {
    /**
     * Copies the entries.
     *
     * @param entries  see {@link #entries()}
     * @param complete see {@link #complete()}
     */
    public Replay {
        entries = List.copyOf(entries);
    }

    /**
     * One message of a group's history.
     *
     * @param offset  its offset: opaque, ordered within the group by the broker
     * @param message the message
     */
    public record Entry(String offset, BrokerMessage message) {
    }
}
