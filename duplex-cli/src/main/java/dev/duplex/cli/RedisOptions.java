package dev.duplex.cli;

import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.redis.RedisBroker;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that put a command's listener in a cluster of nodes sharing groups through Redis: {@code --redis URI}
 * and {@code --node-id ID}. Without {@code --redis} the groups stay in this process.
 *
 * <p>Redis unreachable, at start or later, does not stop the command: the broker logs it ("Redis at ... is
 * unavailable; reconnecting"), local delivery goes on, and it reconnects by itself (see docs/scale-out.md).
 *
 * <p>Thread safety: filled by picocli, then read by the command's thread.
 */
final class RedisOptions {
    @Option(names = "--redis", paramLabel = "URI",
            description = "Share groups with the other nodes on this Redis (e.g. redis://127.0.0.1:6379).")
    String redis;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's id among the nodes sharing Redis (default: a random unique one).")
    String nodeId;

    /** Adds the broker and node id to {@code config}; nothing without {@code --redis}. */
    ListenerConfiguration.Builder configure(CommandSpec spec, ListenerConfiguration.Builder config) {
        if (redis == null) {
            return config;
        }
        if (nodeId != null && nodeId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--node-id cannot be blank");
        }
        try {
            return config.broker(RedisBroker.builder(redis).build()).nodeId(nodeId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--redis " + redis + ": " + e.getMessage());
        }
    }

    /** What to print about the cluster, without the URI's credentials: empty without {@code --redis}. */
    String describe() {
        return redis == null ? "" : " (groups shared through Redis at " + redis.replaceFirst("//[^@/]*@", "//") + ")";
    }
}
