package dev.duplex.websocket.redis;

import dev.duplex.websocket.cluster.Broker;
import dev.duplex.websocket.cluster.BrokerMessage;
import dev.duplex.websocket.cluster.BrokerNode;
import dev.duplex.websocket.cluster.ClusterMember;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.cluster.Replay;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Broker} on Redis (6.2 or newer, for {@code XTRIM MINID}), through Lettuce: pub/sub carries the messages
 * of groups without history, one stream per group ({@code XADD}, trimmed by length and age) carries the groups with
 * history and serves {@link #replay}, hashes hold presence and each node's connections, and a key with a time to
 * live, refreshed every {@link Builder#heartbeat(Duration) heartbeat}, says that a node is alive.
 *
 * <pre>{@code
 * Broker broker = RedisBroker.builder("redis://127.0.0.1:6379")
 *         .heartbeat(Duration.ofSeconds(2))
 *         .presenceExpiry(Duration.ofSeconds(6))
 *         .keyPrefix("chat:")
 *         .build();
 * }</pre>
 *
 * <p>Faults: when a connection to Redis drops, {@link #isAvailable()} turns {@code false} and the node hears
 * {@code brokerAvailability(false, cause)}; {@link #publish}, {@link #append}, {@link #replay}, {@link #members} and
 * {@link #sendTo} then complete exceptionally with {@link dev.duplex.websocket.cluster.BrokerUnavailableException}
 * without touching the network, and {@link #joined}, {@link #left}, {@link #connected} and {@link #disconnected} send
 * nothing. Lettuce reconnects by itself (after 100 ms, doubling up to one heartbeat); once all three connections are
 * back, the broker subscribes again to every group of {@link BrokerNode#localMembership()} (and every group it was
 * asked to subscribe to), announces the node, those members and the connections open at that moment again, and
 * reports {@code brokerAvailability(true, null)}. A Redis that is down when the broker starts is tried again every
 * heartbeat.
 *
 * <p>Threads: the broker has one thread of its own ({@code duplex-redis-broker}). Until {@link #close()}, every call
 * into the {@link BrokerNode} and every completion of a returned stage happens there, never on a Lettuce I/O thread,
 * and holding no lock (after it, nothing more is delivered, and a stage still pending completes wherever Lettuce
 * answers). No method blocks its caller on the network; {@link #close()} waits at most one command timeout for the
 * node's presence to be withdrawn.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public final class RedisBroker implements Broker {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBroker.class);

    private final Builder settings;
    private final RedisKeys keys;
    private final RedisSession session;
    private final ScheduledExecutorService brokerThread;
    private final HistoryReader history;
    /** This node's open connections as last announced; written on the broker thread, read anywhere. */
    private final Set<String> localConnections = ConcurrentHashMap.newKeySet();
    /** The groups subscribed to; written on the broker thread, read anywhere. */
    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    /** The groups whose channel Redis confirmed subscribing to; for {@link #readyFor}. */
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    /** Set once by {@link #start}. */
    private volatile BrokerNode node;
    private volatile Presence presence;

    private RedisBroker(Builder settings) {
        this.settings = settings;
        this.keys = new RedisKeys(settings.keyPrefix);
        this.brokerThread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "duplex-redis-broker");
            thread.setDaemon(true);
            return thread;
        });
        this.session = new RedisSession(RedisURI.create(settings.uri), settings.heartbeat, settings.commandTimeout,
                brokerThread);
        this.history = new HistoryReader(keys, brokerThread, session::links, session::available);
    }

    /**
     * Starts a builder for a broker on the Redis at {@code uri}.
     *
     * @param uri a Lettuce Redis URI, for example {@code redis://127.0.0.1:6379} or {@code rediss://user:pw@host/0}
     * @return a builder with the defaults
     */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    @Override
    public void start(BrokerNode node) {
        Objects.requireNonNull(node, "node");
        synchronized (this) {
            if (this.node != null) {
                throw new IllegalStateException("RedisBroker.start was already called");
            }
            this.node = node;
        }
        this.presence = new Presence(keys, node.nodeId(), settings.presenceExpiry.toMillis());
        history.start(node);
        session.start(node, presence, new PubSubRouter(keys, node, session), settings.heartbeat, this::announce,
                this::resumeReading);
    }

    @Override
    public boolean isAvailable() {
        return session.available();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sends its commands before returning (the channel's {@code SUBSCRIBE} and the read of the history stream's
     * end), so that a message this node appends after this call is delivered to it too: Redis runs one connection's
     * commands in order. Messages other nodes append are delivered from the end Redis reported.
     */
    @Override
    public void subscribe(String group) {
        RedisLinks connected = session.links();
        if (groups.add(group) && session.available() && connected != null) {
            connected.pubSub().async().subscribe(keys.groupChannel(group)).thenRun(() -> listening.add(group));
        }
        history.add(group);
    }

    @Override
    public void unsubscribe(String group) {
        RedisLinks connected = session.links();
        listening.remove(group);
        history.remove(group);
        if (groups.remove(group) && session.available() && connected != null) {
            connected.pubSub().async().unsubscribe(keys.groupChannel(group));
        }
    }

    @Override
    public CompletionStage<Void> publish(String group, BrokerMessage message) {
        return session.call("publish to group " + group,
                redis -> redis.publish(keys.groupChannel(group), WireMessage.encode(message, null))
                        .thenApply(receivers -> null));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The offset is the stream entry's id. The count is trimmed approximately ({@code MAXLEN ~}: Redis may keep up
     * to about a hundred entries more), the age exactly, measured from the new entry's id; both happen on appends
     * only, so a quiet group's old entries stay until its next message.
     */
    @Override
    public CompletionStage<String> append(String group, BrokerMessage message, HistoryLimits limits) {
        return session.call("append to the history of group " + group,
                redis -> HistoryStreams.append(redis, keys.history(group), message, limits));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The replay is complete when the entry at {@code afterOffset} is still kept. Streams are trimmed from the
     * oldest end, so when it is gone the messages right after it may be gone too, and the replay says so even in the
     * rare case that only that entry went. The stage fails with {@link IllegalArgumentException} when
     * {@code afterOffset} is not a stream entry id.
     *
     * @throws IllegalArgumentException when {@code maxMessages} is below 1
     */
    @Override
    public CompletionStage<Replay> replay(String group, String afterOffset, int maxMessages) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("replay maxMessages must be at least 1, was " + maxMessages);
        }
        return session.call("replay the history of group " + group,
                redis -> HistoryStreams.replay(redis, keys.history(group), afterOffset, maxMessages));
    }

    @Override
    public void joined(String group, String connectionId) {
        onBrokerThread(() -> {
            presence.forgetMissed(keys.members(group), connectionId);
            session.whenAvailable(redis -> presence.joined(redis, group, connectionId));
        });
    }

    @Override
    public void left(String group, String connectionId) {
        onBrokerThread(() -> {
            if (!session.whenAvailable(redis -> presence.left(redis, group, connectionId))) {
                presence.missed(keys.members(group), connectionId);
            }
        });
    }

    @Override
    public void connected(String connectionId) {
        onBrokerThread(() -> {
            localConnections.add(connectionId);
            presence.forgetMissed(keys.connections(), connectionId);
            session.whenAvailable(redis -> presence.connected(redis, connectionId));
        });
    }

    @Override
    public void disconnected(String connectionId) {
        onBrokerThread(() -> {
            localConnections.remove(connectionId);
            if (!session.whenAvailable(redis -> presence.disconnected(redis, connectionId))) {
                presence.missed(keys.connections(), connectionId);
            }
        });
    }

    @Override
    public CompletionStage<Set<ClusterMember>> members(String group) {
        // Behind this node's joins and leaves announced before: a member sees itself right after it joined.
        return session.callAfterAnnouncements("list the members of group " + group,
                redis -> presence.members(redis, group));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A connection of this node is handed to {@link BrokerNode#deliverTo} directly. For one on another node,
     * {@code true} means that node was alive and subscribed to its inbox when the message was published.
     */
    @Override
    public CompletionStage<Boolean> sendTo(String connectionId, BrokerMessage message) {
        return session.callAfterAnnouncements("send to connection " + connectionId,
                redis -> presence.owner(redis, connectionId)
                    .thenCompose(owner -> {
                        if (owner == null) {
                            return CompletableFuture.completedFuture(false);
                        }
                        if (owner.equals(node.nodeId())) {
                            return CompletableFuture.supplyAsync(() -> node.deliverTo(connectionId, message),
                                    brokerThread);
                        }
                        return redis.publish(keys.inbox(owner), WireMessage.encode(message, connectionId))
                                .thenApply(receivers -> receivers > 0);
                    }));
    }

    @Override
    public Duration presenceExpiry() {
        return settings.presenceExpiry;
    }

    /**
     * Whether {@link #subscribe} has taken effect for {@code group}: Redis confirmed the channel and the history's
     * end is known. For tests, which must not publish before.
     */
    boolean readyFor(String group) {
        return listening.contains(group) && history.reads(group);
    }

    @Override
    public void close() {
        if (session.closed()) {
            return;
        }
        RedisLinks connected = session.links();
        BrokerNode started = node;
        if (connected != null && session.available() && started != null) {
            List<CompletableFuture<?>> sent = presence.withdraw(connected.commands().async(),
                    started.localMembership(), Set.copyOf(localConnections));
            try {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                        .get(settings.commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("withdrawing node {} from Redis did not finish", started.nodeId(), e);
            }
        }
        session.close();
    }

    /** Stops as a crashed process would, withdrawing nothing: the tests' stand-in for {@code kill -9}. */
    void abandon() {
        session.close();
    }

    @Override
    public String toString() {
        return "RedisBroker" + settings;
    }

    /** After a (re)connect: subscribes to every group again and announces the node and what it holds. */
    private List<CompletableFuture<?>> announce(RedisLinks connected) {
        Map<String, Set<String>> membership = node.localMembership();
        groups.addAll(membership.keySet());
        List<String> channels = new ArrayList<>();
        channels.add(keys.inbox(node.nodeId()));
        groups.forEach(group -> channels.add(keys.groupChannel(group)));
        List<CompletableFuture<?>> sent = presence.announce(connected.commands().async(), membership,
                Set.copyOf(localConnections));
        sent.add(connected.pubSub().async().subscribe(channels.toArray(String[]::new)).toCompletableFuture());
        return sent;
    }

    /**
     * After a recovery: subscribes once more to every group (one may have been added while the recovery ran, when
     * {@link #subscribe} could not send), and reads their history again.
     */
    private void resumeReading() {
        presence.announced();
        RedisLinks connected = session.links();
        Set<String> subscribed = Set.copyOf(groups);
        if (!subscribed.isEmpty()) {
            connected.pubSub().async().subscribe(subscribed.stream().map(keys::groupChannel).toArray(String[]::new))
                    .thenRun(() -> subscribed.stream().filter(groups::contains).forEach(listening::add));
        }
        subscribed.forEach(history::add);
        history.resume();
    }

    private void onBrokerThread(Runnable task) {
        session.onBrokerThread(task);
    }

    /**
     * The settings of a {@link RedisBroker}, validated by {@link #build()}.
     *
     * <p>Thread safety: not thread-safe; build on one thread.
     */
    public static final class Builder {
        private final String uri;
        private Duration heartbeat = Duration.ofSeconds(2);
        private Duration presenceExpiry = Duration.ofSeconds(6);
        private Duration commandTimeout = Duration.ofSeconds(5);
        private String keyPrefix = "duplex:";

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * How often the node refreshes its presence (and, while Redis is down at start, tries to connect). Default
         * 2 s.
         *
         * @param heartbeat positive, at most half of {@link #presenceExpiry(Duration)}
         * @return this builder
         */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
            return this;
        }

        /**
         * How long after its last heartbeat a node that stopped (crashed, killed, cut off) still counts as alive:
         * its members and connections disappear from every other node's view within this time. Default 6 s.
         *
         * @param presenceExpiry at least twice {@link #heartbeat(Duration)}
         * @return this builder
         */
        public Builder presenceExpiry(Duration presenceExpiry) {
            this.presenceExpiry = Objects.requireNonNull(presenceExpiry, "presenceExpiry");
            return this;
        }

        /**
         * How long one Redis command may take before it fails (and {@link #close()} waits for the withdrawal at
         * most). Default 5 s.
         *
         * @param commandTimeout positive, above the history reader's blocking read of 500 ms
         * @return this builder
         */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
            return this;
        }

        /**
         * What every key and channel of the broker starts with, so that several clusters (or applications) can
         * share one Redis. Default {@code duplex:}. Every node of a cluster must use the same.
         *
         * @param keyPrefix not {@code null}; may be empty
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /**
         * Checks the settings and makes the broker; it connects when the listener calls
         * {@link RedisBroker#start(BrokerNode)}.
         *
         * @return the broker
         * @throws IllegalArgumentException when a setting is out of range or the URI cannot be parsed
         */
        public RedisBroker build() {
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("RedisBroker heartbeat must be positive, was " + heartbeat);
            }
            if (presenceExpiry.compareTo(heartbeat.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("RedisBroker presenceExpiry=" + presenceExpiry
                        + " must be at least twice heartbeat=" + heartbeat + " (RedisBroker.Builder.presenceExpiry)");
            }
            if (commandTimeout.compareTo(HistoryReader.BLOCK.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("RedisBroker commandTimeout=" + commandTimeout + " must be at least "
                        + HistoryReader.BLOCK.multipliedBy(2) + " (RedisBroker.Builder.commandTimeout)");
            }
            RedisURI.create(uri);
            return new RedisBroker(this);
        }

        @Override
        public String toString() {
            return "[uri=" + RedisURI.create(uri).toString() + ", heartbeat=" + heartbeat + ", presenceExpiry="
                    + presenceExpiry + ", commandTimeout=" + commandTimeout + ", keyPrefix=" + keyPrefix + "]";
        }
    }
}
