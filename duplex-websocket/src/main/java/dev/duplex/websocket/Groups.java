package dev.duplex.websocket;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A listener's registry of open connections and its named {@link Group}s ({@link Listener#groups()}). A connection is
 * registered when it opens (before its service's {@code onOpen}) and removed when it closes, and then leaves every
 * group. With a broker configured ({@code ListenerConfiguration.Builder#broker}) groups span every node sharing it;
 * the connection registry is always this node's.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public interface Groups {
    /** {@return this node's id, unique in the cluster (a random one unless configured)} */
    String nodeId();

    /**
     * An open connection of this node.
     *
     * @param connectionId its {@link Caller#getConnectionId()}
     * @return the connection, or empty when none with that id is open here
     */
    Optional<Caller> connection(String connectionId);

    /** {@return every open connection of this node, a snapshot} */
    Collection<Caller> connections();

    /**
     * The open connections of one service of this node.
     *
     * @param servicePath the path the service was attached at, as given to {@link Listener#attach}
     * @return a snapshot
     */
    Collection<Caller> connections(String servicePath);

    /**
     * The group named {@code name}, made with {@link GroupSettings#DEFAULT} if it does not exist yet. A group, once
     * named, stays in this node's registry for the listener's life (with its settings and history), so names should
     * come from a bounded set — rooms, topics — rather than one per connection.
     *
     * @param name the group's name, not empty
     * @return the group
     */
    Group group(String name);

    /**
     * The group named {@code name}, made with {@code settings} if it does not exist yet (an existing group keeps its
     * settings). Every node should make a group with the same settings.
     *
     * @param name     the group's name, not empty
     * @param settings its settings
     * @return the group
     */
    Group group(String name, GroupSettings settings);

    /**
     * Sends a text message to one connection on any node, without waiting for it (within
     * {@link GroupSettings#DEFAULT_MEMBER_BUDGET}; over it the message is dropped).
     *
     * @param connectionId the connection's id
     * @param text         the message
     * @return {@code true} when the connection was found and the message queued; exceptionally
     *         {@code BrokerUnavailableException} when it is not on this node and the broker is unreachable
     */
    CompletionStage<Boolean> sendText(String connectionId, String text);

    /**
     * Sends a binary message to one connection on any node, as {@link #sendText}.
     *
     * @param connectionId the connection's id
     * @param data         the message; not copied, must not change afterwards
     * @return as {@link #sendText}
     */
    CompletionStage<Boolean> sendBinary(String connectionId, byte[] data);
}
