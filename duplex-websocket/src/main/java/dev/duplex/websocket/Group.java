package dev.duplex.websocket;

import dev.duplex.websocket.cluster.ClusterMember;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A named set of connections (a room, a topic) that messages are broadcast to. Get one from {@link Groups#group};
 * a group exists while it is named, members come and go, and a connection leaves every group when it closes.
 *
 * <p>Broadcast: a message is encoded into a frame once and that frame is queued for every member of this node
 * without waiting for any of them; a member whose queued bytes would exceed {@link GroupSettings#memberBudget()} is
 * handled by the group's {@link SlowMemberPolicy}. Members that negotiated permessage-deflate get the message
 * compressed on their own connection (their compressor's context carries from one message to the next), the others
 * share the one frame. With a broker configured, the message also goes to the group's members on other nodes.
 *
 * <p>Delivery is at most once. Each member receives a group's messages in the order this node handed them to it;
 * messages from different publishers are not ordered against each other unless the group has history, which orders
 * every message of the group and gives it an offset ({@link #resume}).
 *
 * <p>Thread safety: every method may be called from any thread, including a service's methods; none waits for a
 * member's socket.
 */
public interface Group {
    /** {@return the group's name} */
    String name();

    /**
     * Adds a connection of this node. Idempotent; a closed connection is not added.
     *
     * @param member a {@link Caller} a service method received
     * @return whether it was added now (not a member before, and open)
     * @throws IllegalArgumentException when {@code member} is not a server connection of this listener
     */
    boolean join(Caller member);

    /**
     * Removes a connection. Idempotent.
     *
     * @param member the member
     * @return whether it was a member
     */
    boolean leave(Caller member);

    /** {@return this node's members now, a snapshot} */
    Set<Caller> localMembers();

    /** {@return how many members this node has now} */
    int localSize();

    /**
     * Every member on every node: this node's without a broker, else from the broker's presence (members of a node
     * that crashed disappear within the broker's presence expiry).
     *
     * @return the members; exceptionally {@code BrokerUnavailableException} when the broker is unreachable
     */
    CompletionStage<Set<ClusterMember>> members();

    /**
     * Sends a text message to every member.
     *
     * @param text the message
     * @return what happened on this node, and across nodes
     */
    Delivery broadcastText(String text);

    /**
     * Sends a text message to every member but {@code except} (usually the sender).
     *
     * @param text   the message
     * @param except the member that does not get it, or {@code null}
     * @return what happened on this node, and across nodes
     */
    Delivery broadcastText(String text, Caller except);

    /**
     * Sends a binary message to every member; the array is not copied and must not change afterwards.
     *
     * @param data the message
     * @return what happened on this node, and across nodes
     */
    Delivery broadcastBinary(byte[] data);

    /**
     * Sends a binary message to every member but {@code except}; the array must not change afterwards.
     *
     * @param data   the message
     * @param except the member that does not get it, or {@code null}
     * @return what happened on this node, and across nodes
     */
    Delivery broadcastBinary(byte[] data, Caller except);

    /**
     * Sends a value to every member, encoded once — as text or binary, as the codec decides — through the codec
     * ({@code WsServiceConfig.codec}) of the service of one of this node's members, or the default
     * {@link JacksonCodec} when this node has none. Every member, on every node, gets those same bytes, so members of
     * one group should come from services that share a codec.
     *
     * @param value the value
     * @return what happened on this node, and across nodes
     * @throws DataBindingException when the codec cannot encode it (nothing was sent)
     */
    Delivery broadcast(Object value);

    /**
     * As {@link #broadcast(Object)}, leaving out {@code except}.
     *
     * @param value  the value
     * @param except the member that does not get it, or {@code null}
     * @return what happened on this node, and across nodes
     */
    Delivery broadcast(Object value, Caller except);

    /**
     * Calls {@code listener} for each join and leave of this node's members, on the thread that joined or left (the
     * event loop when a connection closed); it must not block.
     *
     * @param listener the listener
     * @return runs to remove the listener
     */
    Runnable onMembership(Consumer<MembershipEvent> listener);

    /**
     * For a group with history: sends {@code member} every message after {@code afterOffset} still kept, in order,
     * then makes it a member, so that it misses nothing in between and gets no message twice. Without history, or
     * with a {@code null} offset, it only joins.
     *
     * @param member      the reconnected connection
     * @param afterOffset the last offset the client saw, or {@code null}
     * @return what was done; {@link Resumption#complete()} is {@code false} when the client is too far behind (see
     *         there); exceptionally {@code BrokerUnavailableException} when the broker is unreachable,
     *         {@link IllegalArgumentException} for an offset this group never handed out, and
     *         {@link IllegalStateException} when {@code member} is a member already or closed
     */
    CompletionStage<Resumption> resume(Caller member, String afterOffset);
}
