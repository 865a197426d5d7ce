package dev.duplex.benchmarks.cluster;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One cluster run's figures.
 *
 * @param nodes              the Duplex nodes
 * @param subscribers        subscriber connections, spread over the nodes
 * @param published          measured messages the publisher sent
 * @param expected           {@code published × subscribers}
 * @param delivered          measured messages the subscribers received, at any time before the run ended
 * @param deliveredByNode    {@code delivered} split by the node the subscriber was connected to
 * @param deliveriesPerSecond measured deliveries that arrived inside the measured window, per second of it
 * @param p50Micros          median publish-to-delivery latency, from when each message was due
 * @param p99Micros          its 99th percentile
 * @param maxMicros          its maximum
 * @param redisCpuMicrosPerMessage CPU time of redis-server during the window and the drain, per published message
 * @param redisNetCpuMicrosPerMessage the same less what Redis used while idle over as long (its timers, heartbeats)
 * @param redisIdleCpuPercent Redis's CPU while nothing was published, measured for two seconds before the warm-up, in %
 * @param nodesCpuMicrosPerDelivery CPU time of the node processes during the same time, per delivery (NaN without
 *                           their pids)
 * @param tags               the run's {@code --tag}s
 */
record ClusterResult(int nodes, int subscribers, long published, long expected, long delivered,
        List<Long> deliveredByNode, double deliveriesPerSecond, long p50Micros, long p99Micros, long maxMicros,
        double redisCpuMicrosPerMessage, double redisNetCpuMicrosPerMessage, double redisIdleCpuPercent,
        double nodesCpuMicrosPerDelivery, Map<String, String> tags) {

    /** Expected deliveries that never arrived. */
    long lost() {
        return expected - delivered;
    }

    /** One tab-separated {@code RESULT} line, as run-cluster.sh collects them. */
    String line() {
        String byNode = deliveredByNode.stream().map(String::valueOf).collect(Collectors.joining(","));
        var line = new StringBuilder(String.format(Locale.ROOT, "RESULT\tkind=cluster\tnodes=%d\tsubscribers=%d"
                + "\tpublished=%d\texpected=%d\tdelivered=%d\tlost=%d\tdeliveredByNode=%s\tdeliveriesPerSec=%.0f"
                + "\tp50Micros=%d\tp99Micros=%d\tmaxMicros=%d\tredisCpuMicrosPerMsg=%.1f"
                + "\tredisNetCpuMicrosPerMsg=%.1f\tredisIdleCpuPct=%.2f\tnodesCpuMicrosPerDelivery=%.2f",
                nodes, subscribers, published, expected, delivered, lost(), byNode, deliveriesPerSecond, p50Micros,
                p99Micros, maxMicros, redisCpuMicrosPerMessage, redisNetCpuMicrosPerMessage, redisIdleCpuPercent,
                nodesCpuMicrosPerDelivery));
        tags.forEach((key, value) -> line.append('\t').append(key).append('=').append(value));
        return line.toString();
    }
}
