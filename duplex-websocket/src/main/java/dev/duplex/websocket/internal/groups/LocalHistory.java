package dev.duplex.websocket.internal.groups;

import dev.duplex.websocket.cluster.BrokerMessage;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.cluster.Replay;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A group's history in one process: the last messages within {@link HistoryLimits}, each with its offset — a decimal
 * counter from 1, in the order the messages were appended.
 *
 * <p>Thread safety: guarded by {@code this}; the group appends and delivers under the same lock, so that members
 * receive messages in offset order.
 */
final class LocalHistory {
    private record Stamped(long offset, long appendedNanos, BrokerMessage message) {
    }

    private final HistoryLimits limits;
    private final LongSupplier clock;
    /** Oldest first. Guarded by this. */
    private final ArrayDeque<Stamped> kept = new ArrayDeque<>();
    /** The next offset to hand out. Guarded by this. */
    private long next = 1;
    /** The oldest offset still kept, or {@link #next} when none is. Guarded by this. */
    private long firstKept = 1;

    LocalHistory(HistoryLimits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Appends {@code message}, trims, and returns its offset. */
    synchronized String append(BrokerMessage message) {
        long offset = next++;
        kept.addLast(new Stamped(offset, clock.getAsLong(), message));
        trim();
        return Long.toString(offset);
    }

    /**
     * The messages after {@code afterOffset} still kept, oldest first.
     *
     * @throws IllegalArgumentException for an offset this history never handed out
     */
    synchronized Replay after(String afterOffset) {
        long after;
        try {
            after = Long.parseLong(afterOffset);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("offset \"" + afterOffset + "\" was not handed out by this group");
        }
        if (after < 0 || after >= next) {
            throw new IllegalArgumentException("offset " + after + " was not handed out by this group (the last is "
                    + (next - 1) + ")");
        }
        trim();
        if (after < firstKept - 1) {
            return new Replay(List.of(), false);
        }
        List<Replay.Entry> entries = new ArrayList<>();
        for (Stamped stamped : kept) {
            if (stamped.offset() > after) {
                entries.add(new Replay.Entry(Long.toString(stamped.offset()), stamped.message()));
            }
        }
        return new Replay(entries, true);
    }

    private void trim() {
        long oldestAllowed = clock.getAsLong() - limits.maxAge().toNanos();
        while (!kept.isEmpty() && (kept.size() > limits.maxMessages()
                || kept.peekFirst().appendedNanos() - oldestAllowed < 0)) {
            kept.removeFirst();
        }
        firstKept = kept.isEmpty() ? next : kept.peekFirst().offset();
    }
}
