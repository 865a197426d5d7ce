package dev.duplex.websocket.cluster;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Carries a listener's groups across nodes: broadcasts, presence, messages to one connection and group history.
 * One broker serves one listener (one node); the listener calls {@link #start} when it starts and {@link #close}
 * when it stops.
 *
 * <p>Faults are part of the contract. While the broker cannot reach its server, {@link #isAvailable()} is
 * {@code false}, every cross-node operation completes exceptionally with {@link BrokerUnavailableException} at once
 * (nothing is buffered), and the broker keeps trying to reconnect by itself. When it is back, it subscribes again to
 * every group in {@link BrokerNode#localMembership()}, announces those members again, and reports
 * {@link BrokerNode#brokerAvailability(boolean, Throwable) brokerAvailability(true, null)}. No method throws because
 * the server is unreachable, and none blocks the calling thread on the network.
 *
 * <p>Presence: a node announces its members with {@link #joined}/{@link #left} and keeps them alive with heartbeats;
 * the members of a node that stops heartbeating (a crash, {@code kill -9}) disappear from {@link #members} within
 * {@link #presenceExpiry()}.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public interface Broker extends AutoCloseable {
    /**
     * Connects (or starts trying to, in the background) and starts delivering to {@code node}. Called once.
     *
     * @param node where messages for this node go
     */
    void start(BrokerNode node);

    /**
     * Whether cross-node operations can succeed now.
     *
     * @return {@code true} while the broker reaches its server
     */
    boolean isAvailable();

    /**
     * This node has members in {@code group} now (the first one joined): deliver the group's messages from other
     * nodes. Idempotent.
     *
     * @param group the group's name
     */
    void subscribe(String group);

    /**
     * This node has no members left in {@code group}. Idempotent.
     *
     * @param group the group's name
     */
    void unsubscribe(String group);

    /**
     * Publishes a message of a group without history to every other node with members in it. The publishing node
     * delivers to its own members itself.
     *
     * @param group   the group's name
     * @param message the message
     * @return completes when the server accepted the message; exceptionally with {@link BrokerUnavailableException}
     *         when it is unreachable
     */
    CompletionStage<Void> publish(String group, BrokerMessage message);

    /**
     * Appends a message to a group's history, trimmed to {@code limits}, and delivers it to every node with members
     * in the group, this one included, in the group's order with its offset.
     *
     * @param group   the group's name
     * @param message the message
     * @param limits  how much history to keep
     * @return the message's offset; exceptionally {@link BrokerUnavailableException} when the server is unreachable
     */
    CompletionStage<String> append(String group, BrokerMessage message, HistoryLimits limits);

    /**
     * The messages of a group's history after {@code afterOffset}, oldest first, at most {@code maxMessages}.
     *
     * @param group       the group's name
     * @param afterOffset an offset this broker handed out for this group
     * @param maxMessages the most messages to return
     * @return the replay; {@link Replay#complete()} is {@code false} when messages after the offset are gone
     */
    CompletionStage<Replay> replay(String group, String afterOffset, int maxMessages);

    /**
     * Announces that {@code connectionId} on this node joined {@code group}. Best effort; kept alive by heartbeats.
     *
     * @param group        the group's name
     * @param connectionId the member's connection id
     */
    void joined(String group, String connectionId);

    /**
     * Announces that {@code connectionId} on this node left {@code group}. Best effort.
     *
     * @param group        the group's name
     * @param connectionId the member's connection id
     */
    void left(String group, String connectionId);

    /**
     * Announces a connection opened on this node, so that {@link #sendTo} from other nodes can find it.
     *
     * @param connectionId the connection's id
     */
    void connected(String connectionId);

    /**
     * Announces a connection of this node closed.
     *
     * @param connectionId the connection's id
     */
    void disconnected(String connectionId);

    /**
     * Every member of {@code group} on any node whose heartbeat has not expired.
     *
     * @param group the group's name
     * @return the members; exceptionally {@link BrokerUnavailableException} when the server is unreachable
     */
    CompletionStage<Set<ClusterMember>> members(String group);

    /**
     * Sends a message to one connection on another node.
     *
     * @param connectionId the connection's id
     * @param message      the message
     * @return {@code true} when the node holding the connection was found and handed the message, {@code false} when
     *         no live node announced that connection; exceptionally {@link BrokerUnavailableException}
     */
    CompletionStage<Boolean> sendTo(String connectionId, BrokerMessage message);

    /**
     * How long after its last heartbeat a crashed node's members and connections disappear.
     *
     * @return the presence expiry
     */
    java.time.Duration presenceExpiry();

    /** Stops delivering, withdraws this node's presence (best effort) and disconnects. Idempotent. */
    @Override
    void close();
}
