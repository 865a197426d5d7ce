package dev.duplex.websocket.cluster;

import java.util.Map;
import java.util.Set;

/**
 * The node's side of a {@link Broker}: where messages from other nodes are delivered, and what the node holds that
 * the broker announces again after it reconnects. Implemented by the listener's groups; handed to
 * {@link Broker#start(BrokerNode)}.
 *
 * <p>Thread safety: every method may be called from any thread, including the broker's I/O threads; none blocks
 * (delivery queues each member's copy without waiting for any member).
 */
public interface BrokerNode {
    /**
     * This node's id, unique in the cluster for the life of the process.
     *
     * @return the id
     */
    String nodeId();

    /**
     * A message for {@code group}'s members on this node. For a group without history, the broker calls this only for
     * messages published by other nodes (the publishing node delivers to its own members itself); for a group with
     * history, for every appended message, this node's included, in the group's order.
     *
     * @param group   the group's name
     * @param message the message
     * @param offset  the message's offset in the group's history, or {@code null} for a group without history
     */
    void deliver(String group, BrokerMessage message, String offset);

    /**
     * A message for one connection, if it is on this node.
     *
     * @param connectionId the connection's id
     * @param message      the message
     * @return whether a connection with that id is open on this node (and so was handed the message)
     */
    boolean deliverTo(String connectionId, BrokerMessage message);

    /**
     * The groups with members on this node, each with its members' connection ids: what the broker subscribes to and
     * announces again after reconnecting. A snapshot; may be called from any thread.
     *
     * @return group name → member connection ids
     */
    Map<String, Set<String>> localMembership();

    /**
     * The broker lost or regained its connection. Called once per change, never for a state already reported.
     *
     * @param available whether cross-node operations work now
     * @param cause     why it became unavailable, or {@code null}
     */
    void brokerAvailability(boolean available, Throwable cause);
}
