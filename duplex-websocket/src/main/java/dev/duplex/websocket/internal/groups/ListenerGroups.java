package dev.duplex.websocket.internal.groups;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.cluster.Broker;
import dev.duplex.websocket.cluster.BrokerMessage;
import dev.duplex.websocket.cluster.BrokerNode;
import dev.duplex.websocket.cluster.BrokerUnavailableException;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import dev.duplex.websocket.internal.metrics.GroupMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's {@link Groups}: the registry of its open connections, its groups, and — with a broker — its
 * {@link BrokerNode}, where the broker delivers other nodes' messages.
 *
 * <p>Thread safety: every method from any thread. Owned by the listener's runtime, which registers each connection on
 * its event loop when it opens; the connection's close removes it and makes it leave its groups.
 */
public final class ListenerGroups implements Groups, BrokerNode {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerGroups.class);
    /** Encodes values for a group with no member on this node (the default codec). */
    static final MessageBinder DEFAULT_BINDER = new MessageBinder(WsServiceConfig.DEFAULT.codec(), false);

    private final String nodeId;
    /** {@code null}: one process. */
    private final Broker broker;
    private final GroupMetrics metrics;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final Map<String, LocalGroup> groups = new ConcurrentHashMap<>();
    /** Whether the broker was started and not yet closed. */
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param nodeId  this node's id
     * @param broker  the broker carrying groups across nodes, or {@code null}
     * @param metrics where fan-outs and broker changes are counted
     */
    public ListenerGroups(String nodeId, Broker broker, GroupMetrics metrics) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.broker = broker;
        this.metrics = metrics;
    }

    /** Starts the broker, if any; called once by the listener's start. */
    public void start() {
        if (broker != null && started.compareAndSet(false, true)) {
            broker.start(this);
        }
    }

    /** Closes the broker, if any; called when the listener has stopped. */
    public void stop() {
        if (broker != null && started.compareAndSet(true, false)) {
            broker.close();
        }
    }

    /**
     * Event loop: {@code caller}'s connection opened; it is registered until {@link #closed} (which the listener's
     * runtime calls when the channel closes).
     */
    public void opened(ConnectionCaller caller, String servicePath) {
        registry.add(caller, servicePath);
        if (broker != null) {
            broker.connected(caller.getConnectionId());
        }
    }

    /** Event loop: {@code caller}'s channel closed; it leaves its groups and the registry. */
    public void closed(ConnectionCaller caller) {
        closed(caller.getConnectionId());
    }

    private void closed(String connectionId) {
        ConnectionRegistry.Registered registered = registry.remove(connectionId);
        if (registered == null) {
            return;
        }
        for (String name : registered.groups()) {
            LocalGroup group = groups.get(name);
            if (group != null) {
                group.leave(registered.caller());
            }
        }
        if (broker != null) {
            broker.disconnected(connectionId);
        }
    }

    /**
     * {@code member} as this listener's connection, or {@code null} when it is closed.
     *
     * @throws IllegalArgumentException when it is not an open server connection of this listener
     */
    ConnectionCaller registered(Caller member) {
        Objects.requireNonNull(member, "member");
        ConnectionRegistry.Registered registered = registry.get(member.getConnectionId());
        if (registered != null && registered.caller() == member) {
            return registered.caller();
        }
        if (!member.isOpen()) {
            return null;
        }
        throw new IllegalArgumentException(member + " is not a server connection of this listener: only a Caller"
                + " that this listener's services received can join its groups");
    }

    boolean stillRegistered(ConnectionCaller caller) {
        return registry.get(caller.getConnectionId()) != null;
    }

    void joined(LocalGroup group, ConnectionCaller caller) {
        ConnectionRegistry.Registered registered = registry.get(caller.getConnectionId());
        if (registered != null) {
            registered.joined(group.name());
        }
        metrics.membershipChanged(1);
        if (broker != null) {
            broker.joined(group.name(), caller.getConnectionId());
        }
    }

    void left(LocalGroup group, String connectionId) {
        ConnectionRegistry.Registered registered = registry.get(connectionId);
        if (registered != null) {
            registered.left(group.name());
        }
        metrics.membershipChanged(-1);
        if (broker != null) {
            broker.left(group.name(), connectionId);
        }
    }

    Broker broker() {
        return broker;
    }

    GroupMetrics metrics() {
        return metrics;
    }

    /** Runs a broker call, turning anything it throws into a failed stage (the contract says it should not throw). */
    /**
     * Calls the broker as {@link #guarded} does, and reports the call's round trip — from here until its stage
     * completes — to the metrics under {@code operation}.
     */
    <T> CompletionStage<T> brokerCall(String operation, Supplier<CompletionStage<T>> call) {
        long started = System.nanoTime();
        CompletionStage<T> stage = guarded(call);
        stage.whenComplete((result, failure) -> metrics.brokerCall(operation, System.nanoTime() - started,
                failure == null));
        return stage;
    }

    private static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e instanceof BrokerUnavailableException ? e
                    : new BrokerUnavailableException("the broker failed: " + e, e));
        }
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Optional<Caller> connection(String connectionId) {
        return Optional.ofNullable(registry.get(connectionId)).map(ConnectionRegistry.Registered::caller);
    }

    @Override
    public Collection<Caller> connections() {
        return registry.all();
    }

    @Override
    public Collection<Caller> connections(String servicePath) {
        return registry.ofService(Objects.requireNonNull(servicePath, "servicePath"));
    }

    @Override
    public Group group(String name) {
        return group(name, GroupSettings.DEFAULT);
    }

    @Override
    public Group group(String name, GroupSettings settings) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a group's name cannot be empty");
        }
        return groups.computeIfAbsent(name, n -> new LocalGroup(n, settings, this));
    }

    @Override
    public CompletionStage<Boolean> sendText(String connectionId, String text) {
        Objects.requireNonNull(text, "text");
        return sendTo(connectionId, new BrokerMessage(BrokerMessage.Kind.TEXT, text.getBytes(StandardCharsets.UTF_8),
                nodeId, null));
    }

    @Override
    public CompletionStage<Boolean> sendBinary(String connectionId, byte[] data) {
        Objects.requireNonNull(data, "data");
        return sendTo(connectionId, new BrokerMessage(BrokerMessage.Kind.BINARY, data, nodeId, null));
    }

    private CompletionStage<Boolean> sendTo(String connectionId, BrokerMessage message) {
        Objects.requireNonNull(connectionId, "connectionId");
        if (registry.get(connectionId) != null || broker == null) {
            return CompletableFuture.completedFuture(deliverTo(connectionId, message));
        }
        return brokerCall("send", () -> broker.sendTo(connectionId, message));
    }

    // ---- BrokerNode ----

    @Override
    public void deliver(String group, BrokerMessage message, String offset) {
        LocalGroup local = groups.get(group);
        if (local != null) {
            local.deliver(message, offset, null, CompletableFuture.completedFuture(null));
        }
    }

    @Override
    public boolean deliverTo(String connectionId, BrokerMessage message) {
        ConnectionRegistry.Registered registered = registry.get(connectionId);
        if (registered == null) {
            return false;
        }
        boolean text = message.kind() == BrokerMessage.Kind.TEXT;
        try (FanOut one = new FanOut("(direct)", GroupSettings.DEFAULT,
                text ? new String(message.payload(), StandardCharsets.UTF_8) : null, text ? null : message.payload())) {
            one.offer(registered.caller().connection());
            return one.queued == 1;
        }
    }

    @Override
    public Map<String, Set<String>> localMembership() {
        Map<String, Set<String>> membership = new HashMap<>();
        groups.forEach((name, group) -> {
            Set<String> ids = group.localIds();
            if (!ids.isEmpty()) {
                membership.put(name, ids);
            }
        });
        return membership;
    }

    @Override
    public void brokerAvailability(boolean available, Throwable cause) {
        if (available) {
            LOG.info("broker available again: groups span every node again (node {})", nodeId);
        } else {
            LOG.warn("broker unavailable: cross-node broadcasts fail fast, local delivery continues (node {})",
                    nodeId, cause);
        }
        metrics.brokerAvailability(available);
    }
}
