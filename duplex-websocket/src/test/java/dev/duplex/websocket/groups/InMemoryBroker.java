package dev.duplex.websocket.groups;

import dev.duplex.websocket.cluster.Broker;
import dev.duplex.websocket.cluster.BrokerMessage;
import dev.duplex.websocket.cluster.BrokerNode;
import dev.duplex.websocket.cluster.BrokerUnavailableException;
import dev.duplex.websocket.cluster.ClusterMember;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.cluster.Replay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@link Broker} for nodes in one JVM: a real implementation of the SPI over a shared {@link Hub} (no network), so
 * two listeners in a test form a cluster. Delivery is synchronous, on the publishing thread. {@link Hub#down} makes
 * every node's broker unavailable (fail fast) until {@link Hub#up}, which re-announces each node's membership.
 *
 * <p>Thread safety: the hub's maps are concurrent; history appends are serialised per group by the hub.
 */
final class InMemoryBroker implements Broker {
    /** What the nodes share: subscriptions, presence, connections and histories. */
    static final class Hub {
        private final Map<String, InMemoryBroker> nodes = new ConcurrentHashMap<>();
        /** group → node id → member connection ids. */
        private final Map<String, Map<String, Set<String>>> presence = new ConcurrentHashMap<>();
        private final Map<String, Set<String>> subscribers = new ConcurrentHashMap<>();
        private final Map<String, String> connectionNode = new ConcurrentHashMap<>();
        private final Map<String, List<Replay.Entry>> histories = new ConcurrentHashMap<>();
        private final Map<String, Long> trimmedUpTo = new ConcurrentHashMap<>();
        private volatile boolean available = true;
        /** Nodes whose history deliveries wait for {@link #catchUp()}, as a node reading the history slowly. */
        private final Set<String> lagging = ConcurrentHashMap.newKeySet();
        private final List<Runnable> lagged = new ArrayList<>();

        /** From now on, {@code nodeId} gets the history's messages only when {@link #catchUp()} runs. */
        void lag(String nodeId) {
            lagging.add(nodeId);
        }

        /** Delivers what the lagging nodes missed, in order, and stops them lagging. */
        void catchUp() {
            List<Runnable> late;
            synchronized (this) {
                lagging.clear();
                late = List.copyOf(lagged);
                lagged.clear();
            }
            late.forEach(Runnable::run);
        }

        void down() {
            available = false;
            nodes.values().forEach(b -> b.node.brokerAvailability(false, new IllegalStateException("hub down")));
        }

        void up() {
            available = true;
            for (InMemoryBroker broker : nodes.values()) {
                broker.node.localMembership().forEach((group, ids) -> {
                    broker.subscribe(group);
                    ids.forEach(id -> broker.joined(group, id));
                });
                broker.node.brokerAvailability(true, null);
            }
        }
    }

    private final Hub hub;
    private BrokerNode node;

    InMemoryBroker(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void start(BrokerNode node) {
        this.node = node;
        hub.nodes.put(node.nodeId(), this);
    }

    @Override
    public boolean isAvailable() {
        return hub.available;
    }

    private <T> CompletionStage<T> unavailable(String what) {
        return CompletableFuture.failedFuture(new BrokerUnavailableException("cannot " + what + ": hub down", null));
    }

    @Override
    public void subscribe(String group) {
        hub.subscribers.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(node.nodeId());
    }

    @Override
    public void unsubscribe(String group) {
        hub.subscribers.getOrDefault(group, Set.of()).remove(node.nodeId());
    }

    @Override
    public CompletionStage<Void> publish(String group, BrokerMessage message) {
        if (!hub.available) {
            return unavailable("publish to " + group);
        }
        for (String id : hub.subscribers.getOrDefault(group, Set.of())) {
            if (!id.equals(node.nodeId())) {
                hub.nodes.get(id).node.deliver(group, message, null);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<String> append(String group, BrokerMessage message, HistoryLimits limits) {
        if (!hub.available) {
            return unavailable("append to " + group);
        }
        String offset;
        synchronized (hub) {
            List<Replay.Entry> history = hub.histories.computeIfAbsent(group, g -> new ArrayList<>());
            long last = history.isEmpty() ? hub.trimmedUpTo.getOrDefault(group, 0L)
                    : Long.parseLong(history.get(history.size() - 1).offset());
            offset = Long.toString(last + 1);
            history.add(new Replay.Entry(offset, message));
            while (history.size() > limits.maxMessages()) {
                hub.trimmedUpTo.put(group, Long.parseLong(history.remove(0).offset()));
            }
            for (String id : hub.subscribers.getOrDefault(group, Set.of())) {
                BrokerNode subscriber = hub.nodes.get(id).node;
                if (hub.lagging.contains(id)) {
                    hub.lagged.add(() -> subscriber.deliver(group, message, offset));
                } else {
                    subscriber.deliver(group, message, offset);
                }
            }
        }
        return CompletableFuture.completedFuture(offset);
    }

    @Override
    public CompletionStage<Replay> replay(String group, String afterOffset, int maxMessages) {
        if (!hub.available) {
            return unavailable("replay " + group);
        }
        synchronized (hub) {
            long after = Long.parseLong(afterOffset);
            if (after < hub.trimmedUpTo.getOrDefault(group, 0L)) {
                return CompletableFuture.completedFuture(new Replay(List.of(), false));
            }
            List<Replay.Entry> entries = hub.histories.getOrDefault(group, List.of()).stream()
                    .filter(e -> Long.parseLong(e.offset()) > after).limit(maxMessages).toList();
            return CompletableFuture.completedFuture(new Replay(entries, true));
        }
    }

    @Override
    public void joined(String group, String connectionId) {
        hub.presence.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .computeIfAbsent(node.nodeId(), n -> ConcurrentHashMap.newKeySet()).add(connectionId);
    }

    @Override
    public void left(String group, String connectionId) {
        hub.presence.getOrDefault(group, Map.of()).getOrDefault(node.nodeId(), Set.of()).remove(connectionId);
    }

    @Override
    public void connected(String connectionId) {
        hub.connectionNode.put(connectionId, node.nodeId());
    }

    @Override
    public void disconnected(String connectionId) {
        hub.connectionNode.remove(connectionId);
    }

    @Override
    public CompletionStage<Set<ClusterMember>> members(String group) {
        if (!hub.available) {
            return unavailable("list members of " + group);
        }
        return CompletableFuture.completedFuture(hub.presence.getOrDefault(group, Map.of()).entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(id -> new ClusterMember(id, e.getKey())))
                .collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public CompletionStage<Boolean> sendTo(String connectionId, BrokerMessage message) {
        if (!hub.available) {
            return unavailable("send to " + connectionId);
        }
        String nodeId = hub.connectionNode.get(connectionId);
        InMemoryBroker target = nodeId == null ? null : hub.nodes.get(nodeId);
        return CompletableFuture.completedFuture(target != null && target.node.deliverTo(connectionId, message));
    }

    @Override
    public Duration presenceExpiry() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void close() {
        if (node != null) {
            hub.nodes.remove(node.nodeId());
        }
    }
}
