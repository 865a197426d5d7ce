package dev.duplex.websocket;

/**
 * A connection of this node joined or left a group. Listeners registered with {@link Group#onMembership} get these,
 * for this node's members only.
 *
 * <p>Thread safety: immutable.
 *
 * @param kind         joined or left
 * @param group        the group's name
 * @param connectionId the member's connection id
 * @param member       the member
 */
public record MembershipEvent(Kind kind, String group, String connectionId, Caller member) {
    /** What happened. */
    public enum Kind {
        /** The connection became a member. */
        JOINED,
        /** The connection stopped being a member: it left, or it closed. */
        LEFT
    }
}
