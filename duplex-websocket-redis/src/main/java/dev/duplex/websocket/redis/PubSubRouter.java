package dev.duplex.websocket.redis;

import dev.duplex.websocket.cluster.BrokerNode;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes pub/sub messages off Lettuce's I/O thread and hands them to the node on the broker thread: a group's message
 * from another node to {@link BrokerNode#deliver} (this node's own are skipped: it delivered them itself), a message
 * in this node's inbox to {@link BrokerNode#deliverTo}.
 *
 * <p>Thread safety: called on Lettuce's threads; keeps no state.
 */
final class PubSubRouter extends RedisPubSubAdapter<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(PubSubRouter.class);

    private final RedisKeys keys;
    private final BrokerNode node;
    private final RedisSession session;

    PubSubRouter(RedisKeys keys, BrokerNode node, RedisSession session) {
        this.keys = keys;
        this.node = node;
        this.session = session;
    }

    @Override
    public void message(String channel, byte[] bytes) {
        if (!session.closed()) {
            session.onBrokerThread(() -> route(channel, bytes));
        }
    }

    private void route(String channel, byte[] bytes) {
        WireMessage.Decoded decoded;
        try {
            decoded = WireMessage.decode(bytes);
        } catch (IllegalArgumentException e) {
            LOG.warn("dropped a message on {}: {}", channel, e.getMessage());
            return;
        }
        if (decoded.targetConnectionId() != null) {
            if (!node.deliverTo(decoded.targetConnectionId(), decoded.message())) {
                LOG.debug("connection {} is no longer on node {}", decoded.targetConnectionId(), node.nodeId());
            }
        } else if (keys.isGroupChannel(channel) && !decoded.message().originNode().equals(node.nodeId())) {
            node.deliver(keys.groupOfChannel(channel), decoded.message(), null);
        }
    }
}
