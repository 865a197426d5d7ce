package dev.duplex.websocket;

/**
 * What a group's broadcast does with a member whose outbound bytes (queued and not yet written to its socket) would
 * exceed the group's {@link GroupSettings#memberBudget() memberBudget} with the message added. Whatever the policy, the
 * publisher never waits for a member, and the other members are not affected.
 *
 * <p>Thread safety: an enum, immutable.
 */
public enum SlowMemberPolicy {
    /** That member misses this message (counted in {@link Delivery#dropped()} and in metrics); it stays a member. */
    DROP,
    /**
     * That member's connection is ended at once with 1008 (policy violation) and the reason "too slow for group
     * &lt;name&gt;"; its {@code onClose} reports 1008. The close frame queues behind data the peer is not reading, so
     * the peer may see the TCP connection end without it.
     */
    CLOSE_POLICY_VIOLATION,
    /** As {@link #CLOSE_POLICY_VIOLATION}, with 1013 (try again later): tells a client it may reconnect. */
    CLOSE_TRY_AGAIN_LATER
}
