package dev.duplex.websocket.internal.groups;

import dev.duplex.websocket.cluster.Replay;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One connection's membership in one group. A member that is resuming from history holds the group's live messages
 * until its replay has been queued, then queues the held ones it did not replay, so it gets every message once, in
 * order.
 *
 * <p>Thread safety: {@link #held} is guarded by {@code this}; the replay and the held messages are queued under it,
 * so a live message that sees the member live ({@link #holdIfResuming} returned {@code false}) is queued after them.
 */
final class GroupMember {
    private final ConnectionCaller caller;
    /** Live messages that arrived while resuming; {@code null} once live. Guarded by this. */
    private List<Replay.Entry> held;

    GroupMember(ConnectionCaller caller, boolean resuming) {
        this.caller = caller;
        this.held = resuming ? new ArrayList<>() : null;
    }

    ConnectionCaller caller() {
        return caller;
    }

    /** Holds {@code entry} while resuming; {@code false} when the member is live (the caller sends it). */
    synchronized boolean holdIfResuming(Replay.Entry entry) {
        if (held == null) {
            return false;
        }
        held.add(entry);
        return true;
    }

    /**
     * Queues the replay through {@code send}, then every held message not replayed, and makes the member live.
     *
     * @return how many messages were queued
     */
    synchronized int goLive(List<Replay.Entry> replayed, Consumer<Replay.Entry> send) {
        Set<String> offsets = new HashSet<>();
        for (Replay.Entry entry : replayed) {
            offsets.add(entry.offset());
            send.accept(entry);
        }
        int sent = replayed.size();
        for (Replay.Entry entry : held == null ? List.<Replay.Entry>of() : held) {
            if (!offsets.contains(entry.offset())) {
                send.accept(entry);
                sent++;
            }
        }
        held = null;
        return sent;
    }
}
