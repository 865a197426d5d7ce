package dev.duplex.websocket.redis.testkit;

import dev.duplex.websocket.cluster.Broker;
import dev.duplex.websocket.cluster.BrokerMessage;
import dev.duplex.websocket.cluster.BrokerNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node of the cluster tests: a real {@link BrokerNode} holding its connections and groups in maps (what the
 * listener's groups hold in production) and recording everything the broker hands it, in order.
 *
 * <p>Thread safety: the broker calls it from its thread while the test thread reads; every collection is concurrent.
 */
public final class RecordingNode implements BrokerNode {
    /**
     * One message handed to {@link #deliver} or {@link #deliverTo}.
     *
     * @param target the group, or the connection for a message to one connection
     * @param text   the payload as UTF-8
     * @param offset the history offset, or {@code null}
     * @param origin the publishing node
     */
    public record Delivery(String target, String text, String offset, String origin) {
    }

    /**
     * One availability change.
     *
     * @param available whether the broker is available
     * @param cause     why not, or {@code null}
     */
    public record Availability(boolean available, Throwable cause) {
    }

    private final String nodeId;
    private final Map<String, Set<String>> membership = new ConcurrentHashMap<>();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Availability> availability = new CopyOnWriteArrayList<>();
    private final Set<String> callingThreads = ConcurrentHashMap.newKeySet();

    public RecordingNode(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Opens {@code connectionId} on this node and announces it, as the listener does. */
    public void open(Broker broker, String connectionId) {
        connections.add(connectionId);
        broker.connected(connectionId);
    }

    /** Adds {@code connectionId} to {@code group}, subscribing for the group's first member, as the groups do. */
    public void join(Broker broker, String group, String connectionId) {
        Set<String> members = membership.computeIfAbsent(group, name -> ConcurrentHashMap.newKeySet());
        boolean first = members.isEmpty();
        members.add(connectionId);
        if (first) {
            broker.subscribe(group);
        }
        broker.joined(group, connectionId);
    }

    /** A text message from this node. */
    public BrokerMessage text(String text) {
        return new BrokerMessage(BrokerMessage.Kind.TEXT, text.getBytes(StandardCharsets.UTF_8), nodeId, null);
    }

    /** Everything delivered so far, in order. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The texts delivered to {@code target} (a group or a connection), in order. */
    public List<String> textsFor(String target) {
        return deliveries.stream().filter(delivery -> delivery.target().equals(target)).map(Delivery::text).toList();
    }

    /** The names of the threads that called {@link #deliver}, {@link #deliverTo} or {@link #brokerAvailability}. */
    public Set<String> callingThreads() {
        return Set.copyOf(callingThreads);
    }

    /** Every availability change reported, in order. */
    public List<Availability> availability() {
        return List.copyOf(availability);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void deliver(String group, BrokerMessage message, String offset) {
        callingThreads.add(Thread.currentThread().getName());
        deliveries.add(new Delivery(group, new String(message.payload(), StandardCharsets.UTF_8), offset,
                message.originNode()));
    }

    @Override
    public boolean deliverTo(String connectionId, BrokerMessage message) {
        callingThreads.add(Thread.currentThread().getName());
        if (!connections.contains(connectionId)) {
            return false;
        }
        deliveries.add(new Delivery(connectionId, new String(message.payload(), StandardCharsets.UTF_8), null,
                message.originNode()));
        return true;
    }

    @Override
    public Map<String, Set<String>> localMembership() {
        Map<String, Set<String>> snapshot = new HashMap<>();
        membership.forEach((group, members) -> snapshot.put(group, Set.copyOf(members)));
        return snapshot;
    }

    @Override
    public void brokerAvailability(boolean available, Throwable cause) {
        callingThreads.add(Thread.currentThread().getName());
        availability.add(new Availability(available, cause));
    }
}
