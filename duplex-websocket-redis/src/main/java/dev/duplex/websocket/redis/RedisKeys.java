package dev.duplex.websocket.redis;

/**
 * The names of everything a {@link RedisBroker} keeps in Redis, each under the broker's key prefix (see
 * {@code docs/scale-out.md}, "Redis broker", for the list with what each holds).
 *
 * <p>Thread safety: immutable.
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** A string with a time to live: present while {@code nodeId} heartbeats. */
    String node(String nodeId) {
        return prefix + "node:" + nodeId;
    }

    /** A hash of connection id to node id: the members of {@code group} as announced by their nodes. */
    String members(String group) {
        return prefix + "members:" + group;
    }

    /** A hash of connection id to node id: every open connection of every node, for sending to one. */
    String connections() {
        return prefix + "connections";
    }

    /** A stream: the history of {@code group}. */
    String history(String group) {
        return prefix + "history:" + group;
    }

    /** The group whose history stream is {@code key}. */
    String groupOfHistory(String key) {
        return key.substring((prefix + "history:").length());
    }

    /** The pub/sub channel of {@code group}'s messages without history. */
    String groupChannel(String group) {
        return prefix + "group:" + group;
    }

    /** Whether {@code channel} is a group's channel. */
    boolean isGroupChannel(String channel) {
        return channel.startsWith(prefix + "group:");
    }

    /** The group of a {@linkplain #isGroupChannel group channel}. */
    String groupOfChannel(String channel) {
        return channel.substring((prefix + "group:").length());
    }

    /** The pub/sub channel where {@code nodeId} receives messages for one of its connections. */
    String inbox(String nodeId) {
        return prefix + "inbox:" + nodeId;
    }
}
