package dev.duplex.websocket.internal.metrics;

import dev.duplex.websocket.SlowMemberPolicy;

/**
 * What a listener's groups report: memberships on this node, each broadcast's fan-out (queued, dropped, closed), the
 * broker's availability and the round trip of each call to it. {@link #NONE} unless the listener has a Micrometer
 * registry; then {@link MicrometerGroupMetrics}.
 *
 * <p>Thread safety: implementations are safe from any thread.
 */
public interface GroupMetrics {
    /** Reports nothing. */
    GroupMetrics NONE = new GroupMetrics() {
    };

    /** A connection of this node joined ({@code +1}) or left ({@code -1}) a group. */
    default void membershipChanged(int delta) {
    }

    /** One broadcast reached this node's members: {@code queued} took it, {@code dropped} missed it, {@code closed}. */
    default void fanOut(int queued, int dropped, int closed, SlowMemberPolicy policy) {
    }

    /** The broker became available or unavailable. */
    default void brokerAvailability(boolean available) {
    }

    /**
     * A call to the broker ended: {@code operation} ({@code publish}, {@code append}, {@code replay}, {@code members},
     * {@code send}) took {@code nanos} from the call to its stage's completion, and succeeded or failed.
     */
    default void brokerCall(String operation, long nanos, boolean succeeded) {
    }

    /** The metrics for a checked registry ({@link WebSocketMetrics#checkRegistry}), or {@link #NONE} for {@code null}. */
    static GroupMetrics of(Object registry) {
        return registry == null ? NONE : MicrometerGroupMetrics.of(registry);
    }
}
