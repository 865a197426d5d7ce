package dev.duplex.websocket.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link WebSocketMetrics} on a Micrometer {@link MeterRegistry}. Loaded only when a registry is configured. Meters
 * (every one tagged {@code side=server|client}):
 * <ul>
 *   <li>{@code duplex.connections.open} (gauge): open WebSocket connections</li>
 *   <li>{@code duplex.handshakes} (counter, tags {@code outcome=accepted|refused}, {@code status})</li>
 *   <li>{@code duplex.messages.received}, {@code duplex.messages.sent} (counters, tag {@code type})</li>
 *   <li>{@code duplex.bytes.received}, {@code duplex.bytes.sent} (counters, tag {@code type}; payload bytes)</li>
 *   <li>{@code duplex.closes} (counter, tag {@code code})</li>
 *   <li>{@code duplex.errors} (counter, tag {@code kind})</li>
 *   <li>{@code duplex.dispatch} (timer, tag {@code event}): from an event's arrival to the end of the service
 *       method it went to (queueing included)</li>
 * </ul>
 * Each listener or client has its own instance; meters with the same name and tags are the same meter in the
 * registry, and the open-connections gauge of a registry and side observes one counter that all of them share.
 *
 * <p>Thread safety: safe from any thread; meters are created once and cached.
 */
final class MicrometerWebSocketMetrics implements WebSocketMetrics {
    /**
     * The open-connection counts the gauges observe, per registry and side. Weak keys: a registry that is gone takes
     * its counts along (the counts do not refer back to it). Guarded by itself.
     */
    private static final Map<MeterRegistry, Map<String, AtomicInteger>> OPEN = new WeakHashMap<>();

    private final MeterRegistry registry;
    private final Tags side;
    private final AtomicInteger open;
    private final Map<String, Counter> messagesReceived = new ConcurrentHashMap<>();
    private final Map<String, Counter> messagesSent = new ConcurrentHashMap<>();
    private final Map<String, Counter> bytesReceived = new ConcurrentHashMap<>();
    private final Map<String, Counter> bytesSent = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> handshakes = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Timer> dispatch = new ConcurrentHashMap<>();

    private MicrometerWebSocketMetrics(MeterRegistry registry, String side) {
        this.registry = registry;
        this.side = Tags.of("side", side);
        synchronized (OPEN) {
            Map<String, AtomicInteger> bySide = OPEN.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
            AtomicInteger count = bySide.get(side);
            if (count == null) {
                count = new AtomicInteger();
                bySide.put(side, count);
                // Micrometer holds the observed object weakly; OPEN keeps it alive as long as the registry.
                registry.gauge("duplex.connections.open", this.side, count);
            }
            this.open = count;
        }
    }

    static void check(Object registry, String setting) {
        if (!(registry instanceof MeterRegistry)) {
            throw new IllegalArgumentException(setting + " must be an io.micrometer.core.instrument.MeterRegistry,"
                    + " was " + registry.getClass().getName());
        }
    }

    static WebSocketMetrics of(Object registry, String side) {
        return new MicrometerWebSocketMetrics((MeterRegistry) registry, side);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void handshake(int status) {
        handshakes.computeIfAbsent(status, s -> Counter.builder("duplex.handshakes")
                .description("upgrade requests answered, by outcome and status")
                .tags(side).tag("outcome", s == 101 ? "accepted" : "refused").tag("status", String.valueOf(s))
                .register(registry)).increment();
    }

    @Override
    public void connectionOpened() {
        open.incrementAndGet();
    }

    @Override
    public void connectionClosed(int code) {
        open.decrementAndGet();
        closes.computeIfAbsent(code, c -> Counter.builder("duplex.closes")
                .description("connections ended, by close code (1006: dropped without a close frame)")
                .tags(side).tag("code", String.valueOf(c)).register(registry)).increment();
    }

    @Override
    public void received(String type, long bytes) {
        count(messagesReceived, "duplex.messages.received", type, 1);
        count(bytesReceived, "duplex.bytes.received", type, bytes);
    }

    @Override
    public void sent(String type, long bytes) {
        count(messagesSent, "duplex.messages.sent", type, 1);
        count(bytesSent, "duplex.bytes.sent", type, bytes);
    }

    private void count(Map<String, Counter> counters, String name, String type, long amount) {
        counters.computeIfAbsent(type, t -> Counter.builder(name).tags(side).tag("type", t).register(registry))
                .increment(amount);
    }

    @Override
    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> Counter.builder("duplex.errors").description("failures, by kind")
                .tags(side).tag("kind", k).register(registry)).increment();
    }

    @Override
    public void dispatched(String kind, long nanos) {
        dispatch.computeIfAbsent(kind, k -> Timer.builder("duplex.dispatch")
                .description("from an event's arrival to the end of the service method it went to")
                .tags(side).tag("event", k).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
