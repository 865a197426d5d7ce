/**
 * The service-provider interface between a listener's groups and a message broker that carries them across nodes.
 *
 * <p>Applications do not call these types: they use {@code Listener#groups()} and pass a {@link Broker}
 * implementation (for example {@code dev.duplex.websocket.redis.RedisBroker}) to
 * {@code ListenerConfiguration.Builder#broker}. A broker implementation sees only bytes, group names and connection
 * ids; it never touches a connection, so another broker (NATS, say) can be added without changing services.
 */
package dev.duplex.websocket.cluster;
