package dev.duplex.websocket.internal.groups;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Delivery;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.MembershipEvent;
import dev.duplex.websocket.Resumption;
import dev.duplex.websocket.cluster.Broker;
import dev.duplex.websocket.cluster.BrokerMessage;
import dev.duplex.websocket.cluster.ClusterMember;
import dev.duplex.websocket.cluster.Replay;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A {@link Group} on one node: its members here, its broadcasts (delivered here at once, and handed to the broker for
 * other nodes), and its history — in this process ({@link LocalHistory}) or, with a broker, the broker's.
 *
 * <p>Thread safety: members are a concurrent map; joins and leaves that change whether this node has members are
 * serialised by {@code this}, so the broker's subscription follows them. A group with local history appends and
 * delivers under the history's lock, so members receive its messages in offset order.
 */
final class LocalGroup implements Group {
    private final String name;
    private final GroupSettings settings;
    private final ListenerGroups owner;
    /** This node's members by connection id. */
    private final Map<String, GroupMember> members = new ConcurrentHashMap<>();
    private final List<Consumer<MembershipEvent>> listeners = new CopyOnWriteArrayList<>();
    /** The history in this process; {@code null} without history or when the broker keeps it. */
    private final LocalHistory history;

    LocalGroup(String name, GroupSettings settings, ListenerGroups owner) {
        this.name = name;
        this.settings = settings;
        this.owner = owner;
        this.history = settings.history() == null || owner.broker() != null ? null
                : new LocalHistory(settings.history(), System::nanoTime);
    }

    @Override
    public String name() {
        return name;
    }

    GroupSettings settings() {
        return settings;
    }

    @Override
    public boolean join(Caller member) {
        return add(member, false) != null;
    }

    /** Adds {@code member} (resuming: holding live messages); {@code null} when it was a member already or closed. */
    private GroupMember add(Caller member, boolean resuming) {
        ConnectionCaller caller = owner.registered(member);
        if (caller == null) {
            return null;
        }
        var added = new GroupMember(caller, resuming);
        synchronized (this) {
            if (members.putIfAbsent(caller.getConnectionId(), added) != null) {
                return null;
            }
            if (members.size() == 1 && owner.broker() != null) {
                owner.broker().subscribe(name);
            }
        }
        owner.joined(this, caller);
        if (!owner.stillRegistered(caller)) {
            // Closed while joining: the registry's close may have run before this group was recorded.
            leave(caller);
            return null;
        }
        announce(MembershipEvent.Kind.JOINED, caller);
        return added;
    }

    @Override
    public boolean leave(Caller member) {
        Objects.requireNonNull(member, "member");
        String id = member.getConnectionId();
        synchronized (this) {
            if (members.remove(id) == null) {
                return false;
            }
            if (members.isEmpty() && owner.broker() != null) {
                owner.broker().unsubscribe(name);
            }
        }
        owner.left(this, id);
        announce(MembershipEvent.Kind.LEFT, member);
        return true;
    }

    private void announce(MembershipEvent.Kind kind, Caller member) {
        var event = new MembershipEvent(kind, name, member.getConnectionId(), member);
        for (Consumer<MembershipEvent> listener : listeners) {
            listener.accept(event);
        }
    }

    @Override
    public Set<Caller> localMembers() {
        return members.values().stream().map(GroupMember::caller).collect(Collectors.toUnmodifiableSet());
    }

    /** This node's members' connection ids, a snapshot. */
    Set<String> localIds() {
        return Set.copyOf(members.keySet());
    }

    @Override
    public int localSize() {
        return members.size();
    }

    @Override
    public CompletionStage<Set<ClusterMember>> members() {
        Broker broker = owner.broker();
        if (broker == null) {
            return CompletableFuture.completedFuture(members.keySet().stream()
                    .map(id -> new ClusterMember(id, owner.nodeId())).collect(Collectors.toUnmodifiableSet()));
        }
        return owner.brokerCall("members", () -> broker.members(name));
    }

    @Override
    public Delivery broadcastText(String text) {
        return broadcastText(text, null);
    }

    @Override
    public Delivery broadcastText(String text, Caller except) {
        Objects.requireNonNull(text, "text");
        return publish(new BrokerMessage(BrokerMessage.Kind.TEXT, text.getBytes(StandardCharsets.UTF_8),
                owner.nodeId(), except == null ? null : except.getConnectionId()), text);
    }

    @Override
    public Delivery broadcastBinary(byte[] data) {
        return broadcastBinary(data, null);
    }

    @Override
    public Delivery broadcastBinary(byte[] data, Caller except) {
        Objects.requireNonNull(data, "data");
        return publish(new BrokerMessage(BrokerMessage.Kind.BINARY, data, owner.nodeId(),
                except == null ? null : except.getConnectionId()), null);
    }

    @Override
    public Delivery broadcast(Object value) {
        return broadcast(value, null);
    }

    @Override
    public Delivery broadcast(Object value, Caller except) {
        Objects.requireNonNull(value, "value");
        MessageBinder binder = members.values().stream().findFirst().map(m -> m.caller().binder())
                .orElse(ListenerGroups.DEFAULT_BINDER);
        MessageBinder.Outbound encoded = binder.encode(value);
        return encoded.text() != null ? broadcastText(encoded.text(), except)
                : broadcastBinary(encoded.binary(), except);
    }

    /** {@code text} is the message's text when it is one (saves decoding the payload again), else {@code null}. */
    private Delivery publish(BrokerMessage message, String text) {
        Broker broker = owner.broker();
        if (settings.history() != null) {
            if (broker != null) {
                // Every node, this one included, delivers it from the broker's history, in the group's order.
                return new Delivery(0, 0, 0, owner.brokerCall("append", () -> broker.append(name, message,
                        settings.history())).thenApply(offset -> null));
            }
            synchronized (history) {
                String offset = history.append(message);
                return deliver(message, offset, text, CompletableFuture.completedFuture(null));
            }
        }
        CompletionStage<Void> cluster = broker == null ? CompletableFuture.completedFuture(null)
                : owner.brokerCall("publish", () -> broker.publish(name, message));
        return deliver(message, null, text, cluster);
    }

    /** Delivers to this node's members; {@code offset} is the message's in the history, or {@code null}. */
    Delivery deliver(BrokerMessage message, String offset, String text, CompletionStage<Void> cluster) {
        if (offset != null && text == null && message.kind() == BrokerMessage.Kind.TEXT) {
            text = new String(message.payload(), StandardCharsets.UTF_8);
        }
        var entry = offset == null ? null : new Replay.Entry(offset, message);
        String except = message.exceptConnectionId();
        try (FanOut fanOut = fanOut(message, offset, text)) {
            for (GroupMember member : members.values()) {
                if (member.caller().getConnectionId().equals(except)) {
                    continue;
                }
                if (entry != null && member.holdIfResuming(entry)) {
                    fanOut.queued++;
                } else {
                    fanOut.offer(member.caller().connection());
                }
            }
            owner.metrics().fanOut(fanOut.queued, fanOut.dropped, fanOut.closed, settings.slowMembers());
            return new Delivery(fanOut.queued, fanOut.dropped, fanOut.closed, cluster);
        }
    }

    /** The fan-out of one message, in its offset's envelope when it has one. */
    private FanOut fanOut(BrokerMessage message, String offset, String text) {
        if (message.kind() == BrokerMessage.Kind.TEXT) {
            String body = text != null ? text : new String(message.payload(), StandardCharsets.UTF_8);
            return new FanOut(name, settings, offset == null ? body : settings.envelope().text(offset, body), null);
        }
        byte[] data = offset == null ? message.payload() : settings.envelope().binary(offset, message.payload());
        return new FanOut(name, settings, null, data);
    }

    @Override
    public Runnable onMembership(Consumer<MembershipEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public CompletionStage<Resumption> resume(Caller member, String afterOffset) {
        if (settings.history() == null || afterOffset == null) {
            join(member);
            return CompletableFuture.completedFuture(new Resumption(true, 0, afterOffset));
        }
        GroupMember resuming = add(member, true);
        if (resuming == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("cannot resume "
                    + member.getConnectionId() + " in group " + name + ": already a member, or closed"));
        }
        return replay(afterOffset).handle((replay, failure) -> {
            if (failure != null || !replay.complete()) {
                leave(resuming.caller());
                if (failure != null) {
                    throw failure instanceof java.util.concurrent.CompletionException c ? c
                            : new java.util.concurrent.CompletionException(failure);
                }
                return new Resumption(false, 0, afterOffset);
            }
            String[] last = {afterOffset};
            int sent = resuming.goLive(replay.entries(), entry -> {
                last[0] = entry.offset();
                sendTo(resuming, entry);
            });
            return new Resumption(true, sent, last[0]);
        });
    }

    private CompletionStage<Replay> replay(String afterOffset) {
        Broker broker = owner.broker();
        if (broker != null) {
            return owner.brokerCall("replay", () -> broker.replay(name, afterOffset, settings.history().maxMessages()));
        }
        try {
            return CompletableFuture.completedFuture(history.after(afterOffset));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One history message to one resuming member, without a budget (the replay is bounded by the history). */
    private void sendTo(GroupMember member, Replay.Entry entry) {
        BrokerMessage message = entry.message();
        if (member.caller().getConnectionId().equals(message.exceptConnectionId())) {
            return;
        }
        try (FanOut one = fanOut(message, entry.offset(), null).unbounded()) {
            one.offer(member.caller().connection());
        }
    }
}
