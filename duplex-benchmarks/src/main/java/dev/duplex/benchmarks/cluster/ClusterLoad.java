package dev.duplex.benchmarks.cluster;

import dev.duplex.benchmarks.load.ProcessCpu;
import dev.duplex.websocket.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The cluster benchmark's load: subscribers spread over the nodes, all in one group, and one publisher connected to
 * the first node that broadcasts to the group at a fixed rate (open loop: each message is due at its time on a fixed
 * schedule, and its latency counts from then, so a publisher held back does not hide the delay). After a warm-up, the
 * measured window; then it waits until every measured message arrived or nothing arrived for {@link #QUIET}.
 *
 * <p>Thread safety: each {@link #run} owns its connections and tally; runs do not share state.
 */
public final class ClusterLoad {
    /** The group every subscriber joins. */
    static final String GROUP = "bench";
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration LONGEST_DRAIN = Duration.ofSeconds(60);
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(2);
    private static final int PROBES = 200;
    private static final long PROBE_INTERVAL_NANOS = 50_000_000;

    /**
     * What to run.
     *
     * @param ports       the nodes' ports; the publisher uses the first
     * @param subscribers subscriber connections
     * @param rate        published messages per second
     * @param size        characters per message (at least 24)
     * @param warmup      publishing before the measured window
     * @param duration    the measured window
     * @param redisPid    redis-server's pid, for its CPU time (0: not measured)
     * @param nodePids    the nodes' pids, for their CPU time (empty: not measured)
     * @param tags        copied to the result line
     */
    public record Options(List<Integer> ports, int subscribers, int rate, int size, Duration warmup,
            Duration duration, long redisPid, List<Long> nodePids, Map<String, String> tags) {
        static Options of(CommandLine line) {
            return new Options(Arrays.stream(line.required("ports").split(",")).map(Integer::valueOf).toList(),
                    line.intValue("subscribers", 1000), line.intValue("rate", 1000), line.intValue("size", 64),
                    line.duration("warmup", Duration.ofSeconds(3)), line.duration("duration", Duration.ofSeconds(5)),
                    line.longValue("redis-pid", 0), line.value("node-pids", "").isEmpty() ? List.of()
                            : Arrays.stream(line.value("node-pids", "").split(",")).map(Long::valueOf).toList(),
                    line.tags());
        }
    }

    private ClusterLoad() {
    }

    /**
     * Runs the benchmark once.
     *
     * @param options what to run
     * @return the figures
     * @throws InterruptedException when interrupted
     */
    public static ClusterResult run(Options options) throws InterruptedException {
        var tally = new DeliveryTally(options.ports().size());
        try (var subscribers = new Subscribers(options.ports(), tally)) {
            subscribers.open(options.subscribers());
            subscribers.joinAll(List.of(GROUP));
            Client publisher = new Client(Subscribers.url(options.ports().get(0)), Subscribers.configuration());
            try {
                awaitEverySubscriber(publisher, tally, options.subscribers());
                double redisIdle = redisIdleCpuPerSecond(options);
                return publish(publisher, tally, options, redisIdle);
            } finally {
                publisher.close();
            }
        }
    }

    /**
     * Sends probes until every subscriber saw one: the nodes have subscribed to the group in Redis.
     */
    private static void awaitEverySubscriber(Client publisher, DeliveryTally tally, int subscribers) {
        for (int i = 0; i < PROBES && tally.readySubscribers() < subscribers; i++) {
            publisher.writeTextMessage("pub " + GROUP + " " + PublishedMessage.of(PublishedMessage.PROBE, 0, 0));
            LockSupport.parkNanos(PROBE_INTERVAL_NANOS);
        }
        if (tally.readySubscribers() < subscribers) {
            throw new IllegalStateException("only " + tally.readySubscribers() + " of " + subscribers
                    + " subscribers received a probe");
        }
    }

    /**
     * Redis's CPU seconds per second while nothing is published (its timers, the nodes' heartbeats), over
     * {@link #IDLE_SAMPLE}; NaN without its pid.
     */
    private static double redisIdleCpuPerSecond(Options options) {
        if (options.redisPid() <= 0) {
            return Double.NaN;
        }
        double before = ProcessCpu.of(options.redisPid());
        long start = System.nanoTime();
        LockSupport.parkNanos(IDLE_SAMPLE.toNanos());
        return (ProcessCpu.of(options.redisPid()) - before) / ((System.nanoTime() - start) / 1e9);
    }

    private static ClusterResult publish(Client publisher, DeliveryTally tally, Options options, double redisIdle) {
        long interval = 1_000_000_000L / options.rate();
        long start = System.nanoTime();
        long windowStart = start + options.warmup().toNanos();
        long windowEnd = windowStart + options.duration().toNanos();
        double[] cpuAtStart = null;
        long measuredFrom = windowStart;
        long published = 0;
        for (long due = start; due < windowEnd; due += interval) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = due >= windowStart;
            if (measured && cpuAtStart == null) {
                cpuAtStart = cpu(options);
                tally.window(true);
                measuredFrom = System.nanoTime();
            }
            char phase = measured ? PublishedMessage.MEASURED : PublishedMessage.WARMUP;
            publisher.writeTextMessage("pub " + GROUP + " " + PublishedMessage.of(phase, due, options.size()));
            published += measured ? 1 : 0;
        }
        long lateBy = System.nanoTime() - windowEnd;
        tally.window(false);
        long expected = published * options.subscribers();
        drain(tally, expected);
        double[] cpuAtEnd = cpu(options);
        double redisIdleSeconds = redisIdle * (System.nanoTime() - measuredFrom) / 1e9;
        double seconds = (options.duration().toNanos() + Math.max(0, lateBy)) / 1e9;
        return result(tally, options, published, expected, tally.inWindow() / seconds,
                cpuAtStart == null ? cpuAtEnd : cpuAtStart, cpuAtEnd, redisIdle, redisIdleSeconds);
    }

    /**
     * Waits until {@code expected} measured deliveries arrived, or none arrived for {@link #QUIET}, or
     * {@link #LONGEST_DRAIN} passed.
     */
    private static void drain(DeliveryTally tally, long expected) {
        long seen = -1;
        long start = System.nanoTime();
        long lastProgress = start;
        while (tally.delivered() < expected && System.nanoTime() - lastProgress < QUIET.toNanos()
                && System.nanoTime() - start < LONGEST_DRAIN.toNanos()) {
            long now = tally.delivered();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    /** Redis's CPU seconds, then the nodes' summed. */
    private static double[] cpu(Options options) {
        double nodes = options.nodePids().isEmpty() ? Double.NaN : 0;
        for (long pid : options.nodePids()) {
            nodes += ProcessCpu.of(pid);
        }
        return new double[] {ProcessCpu.of(options.redisPid()), nodes};
    }

    private static ClusterResult result(DeliveryTally tally, Options options, long published, long expected,
            double perSecond, double[] cpuAtStart, double[] cpuAtEnd, double redisIdle, double redisIdleSeconds) {
        List<Long> byNode = new ArrayList<>();
        for (int node = 0; node < options.ports().size(); node++) {
            byNode.add(tally.deliveredOnNode(node));
        }
        var latency = tally.latencyMicros();
        long delivered = tally.delivered();
        return new ClusterResult(options.ports().size(), options.subscribers(), published, expected, delivered,
                byNode, perSecond, latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getMaxValue(), (cpuAtEnd[0] - cpuAtStart[0]) * 1e6 / Math.max(1, published),
                (cpuAtEnd[0] - cpuAtStart[0] - redisIdleSeconds) * 1e6 / Math.max(1, published), redisIdle * 100,
                (cpuAtEnd[1] - cpuAtStart[1]) * 1e6 / Math.max(1, delivered), options.tags());
    }

    /**
     * {@code cluster load --ports P1,P2 [--subscribers 1000] [--rate 1000] [--size 64] [--warmup 3s]
     * [--duration 5s] [--redis-pid PID] [--node-pids PID1,PID2] [--tag key=value]...}: prints one RESULT line.
     *
     * @param args the options above
     * @throws InterruptedException when interrupted
     */
    static void main(String[] args) throws InterruptedException {
        ClusterResult result = run(Options.of(CommandLine.parse(args)));
        System.out.println(result.line());
        System.out.flush();
        System.exit(0);
    }
}
