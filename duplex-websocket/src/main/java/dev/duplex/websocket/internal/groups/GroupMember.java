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
 * order. A node's live messages may also lag behind the broker's history (a node reads the history at its own pace):
 * the replayed offsets that have not come live yet are kept, and a live message among them is skipped once, so the
 * replay and the live messages overlap without a message twice.
 *
 * <p>Thread safety: {@link #held} is guarded by {@code this}; the replay and the held messages are queued under it,
 * so a live message that sees the member live ({@link #holdIfResuming} returned {@code false}) is queued after them.
 */
final class GroupMember {
    private final ConnectionCaller caller;
    /** Live messages that arrived while resuming; {@code null} once live. Guarded by this. */
    private List<Replay.Entry> held;
    /** Replayed offsets not yet seen live; {@code null} when none. Guarded by this. */
    private Set<String> replayedAhead;

    GroupMember(ConnectionCaller caller, boolean resuming) {
        this.caller = caller;
        this.held = resuming ? new ArrayList<>() : null;
    }

    ConnectionCaller caller() {
        return caller;
    }

    /**
     * Holds {@code entry} while resuming, or skips it when it was replayed already; {@code false} when the member is
     * live and has not had it (the caller sends it).
     */
    synchronized boolean holdIfResuming(Replay.Entry entry) {
        if (held == null) {
            if (replayedAhead != null && replayedAhead.remove(entry.offset())) {
                if (replayedAhead.isEmpty()) {
                    replayedAhead = null;
                }
                return true;
            }
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
            if (!offsets.remove(entry.offset())) {
                send.accept(entry);
                sent++;
            }
        }
        held = null;
        replayedAhead = offsets.isEmpty() ? null : offsets;
        return sent;
    }
}
