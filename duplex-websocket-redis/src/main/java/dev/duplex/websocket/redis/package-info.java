/**
 * {@link dev.duplex.websocket.redis.RedisBroker}: a listener's groups across nodes on Redis, through Lettuce. Pass it
 * to {@code ListenerConfiguration.Builder#broker}; the guide is {@code docs/scale-out.md}, section "Redis broker".
 */
package dev.duplex.websocket.redis;
