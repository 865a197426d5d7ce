package dev.duplex.websocket.redis;

import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.redis.testkit.RecordingNode;
import dev.duplex.websocket.redis.testkit.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Nodes of one test cluster in this JVM: each a {@link RedisBroker} with its own {@link RecordingNode}, all on one
 * real redis-server under a key prefix of their own (so tests sharing a server do not see each other).
 *
 * <p>Thread safety: for the test thread.
 */
final class RedisCluster implements AutoCloseable {
    /** Short, so that the expiry test is quick: heartbeats every 200 ms, presence expires after 1 s. */
    static final Duration HEARTBEAT = Duration.ofMillis(200);
    static final Duration PRESENCE_EXPIRY = Duration.ofSeconds(1);
    static final Duration WAIT = Duration.ofSeconds(15);

    private final RedisServerProcess redis;
    private final String prefix = "test-" + UUID.randomUUID() + ":";
    private final List<RedisBroker> brokers = new ArrayList<>();

    RedisCluster(RedisServerProcess redis) {
        this.redis = redis;
    }

    /** Starts a broker for {@code node} and waits until it is available. */
    RedisBroker start(RecordingNode node) {
        RedisBroker broker = startWithoutWaiting(node);
        await(node.nodeId() + "'s broker is available").atMost(WAIT).until(broker::isAvailable);
        return broker;
    }

    /** Starts a broker for {@code node}; it connects in the background. */
    RedisBroker startWithoutWaiting(RecordingNode node) {
        RedisBroker broker = RedisBroker.builder(redis.uri()).heartbeat(HEARTBEAT).presenceExpiry(PRESENCE_EXPIRY)
                .keyPrefix(prefix).build();
        brokers.add(broker);
        broker.start(node);
        return broker;
    }

    /** Waits until every broker in {@code brokers} has subscribed to {@code group}. */
    static void awaitReady(String group, RedisBroker... brokers) {
        for (RedisBroker broker : brokers) {
            await("subscribed to " + group).atMost(WAIT).until(() -> broker.readyFor(group));
        }
    }

    /** The fields of a hash of this cluster ({@code key} without the prefix), read with a client of the test's own. */
    Set<String> hashFields(String key) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return Set.copyOf(connection.sync().hkeys(prefix + key));
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() {
        brokers.forEach(RedisBroker::close);
    }
}
