package dev.duplex.websocket.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * A broker's three connections to Redis: commands, pub/sub, and one for blocking stream reads (a blocked read would
 * hold up every command queued behind it). Lettuce reconnects each by itself.
 *
 * @param commands every command that does not block
 * @param pubSub   group channels and this node's inbox
 * @param reader   the history streams' blocking reads
 */
record RedisLinks(StatefulRedisConnection<String, byte[]> commands,
        StatefulRedisPubSubConnection<String, byte[]> pubSub, StatefulRedisConnection<String, byte[]> reader) {

    /** Whether all three are connected now. */
    boolean allOpen() {
        return commands.isOpen() && pubSub.isOpen() && reader.isOpen();
    }

    /** Closes all three without waiting. */
    void closeAsync() {
        commands.closeAsync();
        pubSub.closeAsync();
        reader.closeAsync();
    }
}
