package dev.duplex.websocket.redis;

import dev.duplex.websocket.cluster.BrokerNode;
import dev.duplex.websocket.cluster.BrokerUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's connections to Redis and whether they work: connects (again every heartbeat while Redis is down at
 * start), refreshes the node's key every heartbeat, turns Lettuce's connection events into availability, and after
 * every reconnect runs the broker's recovery before reporting the broker available again.
 *
 * <p>Thread safety: the broker thread owns {@link #connecting}, {@link #recovering} and {@link #reported}, and is the
 * only writer of {@link #links} and {@link #available}, which any thread may read.
 */
final class RedisSession {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSession.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisURI uri;
    private final Duration commandTimeout;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService brokerThread;
    private volatile RedisLinks links;
    private volatile boolean available;
    private volatile boolean closed;
    private BrokerNode node;
    private Presence presence;
    private RedisPubSubListener<String, byte[]> router;
    private Function<RedisLinks, List<CompletableFuture<?>>> recovery;
    private Runnable recovered;
    private boolean connecting;
    private boolean recovering;
    private Boolean reported;

    RedisSession(RedisURI uri, Duration heartbeat, Duration commandTimeout, ScheduledExecutorService brokerThread) {
        this.uri = uri;
        this.commandTimeout = commandTimeout;
        this.brokerThread = brokerThread;
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), heartbeat, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
    }

    /**
     * Starts connecting and heartbeating.
     *
     * @param recovery  what to send after each (re)connect, before the broker counts as available
     * @param recovered run on the broker thread once the recovery's commands all succeeded
     */
    void start(BrokerNode node, Presence presence, RedisPubSubListener<String, byte[]> router, Duration heartbeat,
            Function<RedisLinks, List<CompletableFuture<?>>> recovery, Runnable recovered) {
        this.node = node;
        this.presence = presence;
        this.router = router;
        this.recovery = recovery;
        this.recovered = recovered;
        client.addListener(new ConnectionWatcher());
        brokerThread.scheduleWithFixedDelay(this::heartbeat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The connections, or {@code null} before the first connect succeeded. */
    RedisLinks links() {
        return links;
    }

    boolean available() {
        return available && !closed;
    }

    boolean closed() {
        return closed;
    }

    RedisURI uri() {
        return uri;
    }

    /** Stops reconnecting and closes the connections without waiting. Idempotent. */
    void close() {
        closed = true;
        brokerThread.shutdownNow();
        RedisLinks connected = links;
        if (connected != null) {
            connected.closeAsync();
        }
        client.shutdownAsync(0, commandTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> resources.shutdown(0, 1, TimeUnit.SECONDS));
    }

    /** Runs {@code task} on the broker thread (or here once that has stopped). */
    void onBrokerThread(Runnable task) {
        try {
            brokerThread.execute(task);
        } catch (RejectedExecutionException closedAlready) {
            task.run();
        }
    }

    /** An operation that fails fast while unavailable and completes on the broker thread. */
    <T> CompletionStage<T> call(String what,
            Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        RedisLinks connected = links;
        if (!available() || connected == null) {
            result.completeExceptionally(unavailable(what, null));
            return result;
        }
        operation.apply(connected.commands().async()).whenComplete((value, error) -> onBrokerThread(() -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translate(what, error));
            }
        }));
        return result;
    }

    /**
     * As {@link #call}, but sent from the broker thread, behind every announcement ({@link #whenAvailable}) this node
     * queued before it, on the one connection that keeps commands in order: a node reads its own presence writes.
     * Still fails fast, before any round trip, while unavailable.
     */
    <T> CompletionStage<T> callAfterAnnouncements(String what,
            Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> operation) {
        if (!available() || links == null) {
            return call(what, operation);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        onBrokerThread(() -> call(what, operation).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        }));
        return result;
    }

    /**
     * A best-effort announcement: sent when available, else left to the next recovery.
     *
     * @return whether it was sent
     */
    boolean whenAvailable(Function<RedisAsyncCommands<String, byte[]>, ?> announcement) {
        RedisLinks connected = links;
        if (available() && connected != null) {
            announcement.apply(connected.commands().async());
            return true;
        }
        return false;
    }

    private Throwable translate(String what, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RedisCommandExecutionException) {
            return new IllegalArgumentException("Redis refused to " + what + ": " + cause.getMessage(), cause);
        }
        if (cause instanceof RedisException || cause instanceof IOException) {
            return unavailable(what, cause);
        }
        return cause;
    }

    private BrokerUnavailableException unavailable(String what, Throwable cause) {
        return new BrokerUnavailableException("cannot " + what + ": Redis at " + uri + " is "
                + (closed ? "closed (RedisBroker.close was called)" : "unreachable; reconnecting"), cause);
    }

    private void heartbeat() {
        RedisLinks connected = links;
        if (closed) {
            return;
        }
        if (connected == null) {
            connect();
        } else if (!available) {
            recover();
        } else {
            presence.heartbeat(connected.commands().async()).whenCompleteAsync((ok, error) -> {
                if (error != null) {
                    markUnavailable(error);
                }
            }, brokerThread);
        }
    }

    private void connect() {
        if (connecting) {
            return;
        }
        connecting = true;
        var commands = client.connectAsync(CODEC, uri).toCompletableFuture();
        var pubSub = client.connectPubSubAsync(CODEC, uri).toCompletableFuture();
        var reader = client.connectAsync(CODEC, uri).toCompletableFuture();
        CompletableFuture.allOf(commands, pubSub, reader).whenCompleteAsync((done, error) -> {
            connecting = false;
            if (error != null || closed) {
                Set.of(commands, pubSub, reader).forEach(future -> future.thenAccept(c -> c.closeAsync()));
                if (error != null) {
                    markUnavailable(error);
                }
                return;
            }
            pubSub.join().addListener(router);
            links = new RedisLinks(commands.join(), pubSub.join(), reader.join());
            recover();
        }, brokerThread);
    }

    private void recover() {
        RedisLinks connected = links;
        if (recovering || closed || connected == null || !connected.allOpen()) {
            return;
        }
        recovering = true;
        List<CompletableFuture<?>> sent = recovery.apply(connected);
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenCompleteAsync((done, error) -> {
            recovering = false;
            if (error != null) {
                markUnavailable(error);
                return;
            }
            available = true;
            if (!Boolean.TRUE.equals(reported)) {
                reported = true;
                LOG.info("node {}: Redis at {} is available", node.nodeId(), uri);
                node.brokerAvailability(true, null);
            }
            recovered.run();
        }, brokerThread);
    }

    private void markUnavailable(Throwable cause) {
        available = false;
        if (!Boolean.FALSE.equals(reported) && !closed) {
            reported = false;
            Throwable reason = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause()
                    : cause;
            LOG.warn("node {}: Redis at {} is unavailable; reconnecting: {}", node.nodeId(), uri, reason.toString());
            node.brokerAvailability(false, reason);
        }
    }

    /** Lettuce's connection events, passed to the broker thread. */
    private final class ConnectionWatcher implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            onBrokerThread(RedisSession.this::recover);
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            onBrokerThread(() -> markUnavailable(new RedisConnectionException("lost the connection to " + uri)));
        }
    }
}
