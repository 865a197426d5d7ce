package dev.duplex.websocket.internal.metrics;

import dev.duplex.websocket.SlowMemberPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link GroupMetrics} on a Micrometer {@link MeterRegistry}. Meters:
 * <ul>
 *   <li>{@code duplex.group.memberships} (gauge): group memberships of this node's connections</li>
 *   <li>{@code duplex.group.broadcast.members} (distribution summary): members of this node each broadcast reached
 *       (queued, dropped or closed): the groups' sizes as broadcasts see them</li>
 *   <li>{@code duplex.group.deliveries} (counter, tags {@code outcome=queued|dropped|closed} and {@code policy}):
 *       per-member outcomes of broadcasts</li>
 *   <li>{@code duplex.broker.available} (gauge, 1 or 0) and {@code duplex.broker.availability.changes} (counter, tag
 *       {@code state=up|down}; {@code up} after the first counts the broker's reconnections)</li>
 *   <li>{@code duplex.broker.calls} (timer, tags {@code operation=publish|append|replay|members|send} and
 *       {@code outcome=ok|failed}): each call's round trip to the broker, until its stage completed</li>
 * </ul>
 *
 * <p>Thread safety: safe from any thread; meters are created once and cached.
 */
final class MicrometerGroupMetrics implements GroupMetrics {
    private final MeterRegistry registry;
    /** Observed by the memberships gauge; held here, as Micrometer holds it weakly. */
    private final AtomicInteger memberships = new AtomicInteger();
    private final AtomicInteger available = new AtomicInteger();
    private final DistributionSummary reached;
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<Boolean, Counter> changes = new ConcurrentHashMap<>();
    private final Map<String, Timer> calls = new ConcurrentHashMap<>();

    private MicrometerGroupMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("duplex.group.memberships", memberships);
        registry.gauge("duplex.broker.available", available);
        this.reached = DistributionSummary.builder("duplex.group.broadcast.members")
                .description("members of this node a broadcast reached").register(registry);
    }

    static GroupMetrics of(Object registry) {
        return new MicrometerGroupMetrics((MeterRegistry) registry);
    }

    @Override
    public void membershipChanged(int delta) {
        memberships.addAndGet(delta);
    }

    @Override
    public void fanOut(int queued, int dropped, int closed, SlowMemberPolicy policy) {
        reached.record(queued + dropped + closed);
        String tag = policy.name().toLowerCase(Locale.ROOT);
        count("queued", tag, queued);
        count("dropped", tag, dropped);
        count("closed", tag, closed);
    }

    private void count(String outcome, String policy, int amount) {
        if (amount == 0) {
            return;
        }
        deliveries.computeIfAbsent(outcome + "/" + policy, key -> Counter.builder("duplex.group.deliveries")
                .description("per-member outcomes of group broadcasts").tag("outcome", outcome).tag("policy", policy)
                .register(registry)).increment(amount);
    }

    @Override
    public void brokerAvailability(boolean up) {
        available.set(up ? 1 : 0);
        changes.computeIfAbsent(up, u -> Counter.builder("duplex.broker.availability.changes")
                .description("the broker became available (up) or unavailable (down)").tag("state", u ? "up" : "down")
                .register(registry)).increment();
    }

    @Override
    public void brokerCall(String operation, long nanos, boolean succeeded) {
        String outcome = succeeded ? "ok" : "failed";
        calls.computeIfAbsent(operation + "/" + outcome, key -> Timer.builder("duplex.broker.calls")
                .description("round trips of calls to the broker").tag("operation", operation).tag("outcome", outcome)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
