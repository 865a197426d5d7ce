package dev.duplex.websocket.redis;

import dev.duplex.websocket.cluster.ClusterMember;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which connections are in which group and on which node, in Redis: a node key kept alive by heartbeats, a hash of
 * members per group and one hash of every node's connections. Entries of a node whose key expired are filtered out
 * when read and deleted then.
 *
 * <p>Departures (a member left, a connection closed) that could not be sent while Redis was unreachable are kept
 * and sent first by the next {@link #announce}, so that a short outage leaves no stale entries behind.
 *
 * <p>Thread safety: the broker thread owns {@link #missed} and calls every method that touches it; the rest may be
 * called from any thread.
 */
final class Presence {
    private final RedisKeys keys;
    private final String nodeId;
    private final byte[] nodeIdBytes;
    private final long expiryMillis;
    /** Hash and field of each departure not sent yet. */
    private final Set<List<String>> missed = new HashSet<>();
    /** The departures the last {@link #announce} sent. */
    private Set<List<String>> sentMissed = Set.of();

    Presence(RedisKeys keys, String nodeId, long expiryMillis) {
        this.keys = keys;
        this.nodeId = nodeId;
        this.nodeIdBytes = nodeId.getBytes(StandardCharsets.UTF_8);
        this.expiryMillis = expiryMillis;
    }

    /** Refreshes this node's key for another expiry period. */
    RedisFuture<String> heartbeat(RedisAsyncCommands<String, byte[]> redis) {
        return redis.set(keys.node(nodeId), nodeIdBytes, io.lettuce.core.SetArgs.Builder.px(expiryMillis));
    }

    RedisFuture<Long> joined(RedisAsyncCommands<String, byte[]> redis, String group, String connectionId) {
        return redis.hset(keys.members(group), Map.of(connectionId, nodeIdBytes));
    }

    RedisFuture<Long> left(RedisAsyncCommands<String, byte[]> redis, String group, String connectionId) {
        return redis.hdel(keys.members(group), connectionId);
    }

    RedisFuture<Long> connected(RedisAsyncCommands<String, byte[]> redis, String connectionId) {
        return redis.hset(keys.connections(), Map.of(connectionId, nodeIdBytes));
    }

    RedisFuture<Long> disconnected(RedisAsyncCommands<String, byte[]> redis, String connectionId) {
        return redis.hdel(keys.connections(), connectionId);
    }

    /** Keeps a departure from {@code hash} that could not be sent. */
    void missed(String hash, String field) {
        missed.add(List.of(hash, field));
    }

    /** The field is back in {@code hash} (joined or connected again): its missed departure is moot. */
    void forgetMissed(String hash, String field) {
        missed.remove(List.of(hash, field));
    }

    /** The last {@link #announce} succeeded: its departures are sent. */
    void announced() {
        missed.removeAll(sentMissed);
        sentMissed = Set.of();
    }

    /**
     * Sends the missed departures, then announces this node and everything it holds again (after Redis came back,
     * possibly empty).
     *
     * @return the commands' futures, to wait for together
     */
    List<CompletableFuture<?>> announce(RedisAsyncCommands<String, byte[]> redis, Map<String, Set<String>> membership,
            Set<String> connections) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        sentMissed = Set.copyOf(missed);
        sentMissed.forEach(departure -> sent.add(redis.hdel(departure.get(0), departure.get(1)).toCompletableFuture()));
        sent.add(heartbeat(redis).toCompletableFuture());
        membership.forEach((group, members) -> {
            Map<String, byte[]> entries = new HashMap<>();
            members.forEach(member -> entries.put(member, nodeIdBytes));
            if (!entries.isEmpty()) {
                sent.add(redis.hset(keys.members(group), entries).toCompletableFuture());
            }
        });
        if (!connections.isEmpty()) {
            Map<String, byte[]> entries = new HashMap<>();
            connections.forEach(connection -> entries.put(connection, nodeIdBytes));
            sent.add(redis.hset(keys.connections(), entries).toCompletableFuture());
        }
        return sent;
    }

    /** Deletes this node's key, its members of {@code membership}'s groups and its connections. */
    List<CompletableFuture<?>> withdraw(RedisAsyncCommands<String, byte[]> redis, Map<String, Set<String>> membership,
            Set<String> connections) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        sent.add(redis.del(keys.node(nodeId)).toCompletableFuture());
        membership.forEach((group, members) -> {
            if (!members.isEmpty()) {
                sent.add(redis.hdel(keys.members(group), members.toArray(String[]::new)).toCompletableFuture());
            }
        });
        if (!connections.isEmpty()) {
            sent.add(redis.hdel(keys.connections(), connections.toArray(String[]::new)).toCompletableFuture());
        }
        return sent;
    }

    /** The members of {@code group} on live nodes; deletes those of nodes whose key expired. */
    CompletionStage<Set<ClusterMember>> members(RedisAsyncCommands<String, byte[]> redis, String group) {
        String hash = keys.members(group);
        return redis.hgetall(hash).thenCompose(entries -> {
            Map<String, String> nodeOf = new HashMap<>();
            entries.forEach((connection, node) -> nodeOf.put(connection, new String(node, StandardCharsets.UTF_8)));
            return liveNodes(redis, new HashSet<>(nodeOf.values())).thenApply(live -> {
                Set<ClusterMember> members = new HashSet<>();
                List<String> stale = new ArrayList<>();
                nodeOf.forEach((connection, node) -> {
                    if (live.contains(node)) {
                        members.add(new ClusterMember(connection, node));
                    } else {
                        stale.add(connection);
                    }
                });
                if (!stale.isEmpty()) {
                    redis.hdel(hash, stale.toArray(String[]::new));
                }
                return Set.copyOf(members);
            });
        });
    }

    /**
     * The live node holding {@code connectionId}, or {@code null} when no live node announced it (a stale entry of an
     * expired node is deleted).
     */
    CompletionStage<String> owner(RedisAsyncCommands<String, byte[]> redis, String connectionId) {
        return redis.hget(keys.connections(), connectionId).thenCompose(bytes -> {
            if (bytes == null) {
                return CompletableFuture.completedFuture(null);
            }
            String node = new String(bytes, StandardCharsets.UTF_8);
            return liveNodes(redis, Set.of(node)).thenApply(live -> {
                if (live.contains(node)) {
                    return node;
                }
                redis.hdel(keys.connections(), connectionId);
                return null;
            });
        });
    }

    private CompletionStage<Set<String>> liveNodes(RedisAsyncCommands<String, byte[]> redis, Set<String> nodes) {
        Map<String, CompletableFuture<Long>> checks = new HashMap<>();
        nodes.forEach(node -> checks.put(node, redis.exists(keys.node(node)).toCompletableFuture()));
        return CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Set<String> live = new HashSet<>();
            checks.forEach((node, exists) -> {
                if (exists.join() > 0) {
                    live.add(node);
                }
            });
            return live;
        });
    }
}
