package dev.duplex.benchmarks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the cluster benchmark honest with tiny sizes: two Duplex nodes in this JVM share a real redis-server, the
 * subscribers are spread over both, and the publisher is on the first; every measured message must reach every
 * subscriber, counted once, on both nodes. The figures mean nothing here.
 */
class ClusterLoadSmokeTest {

    @Test
    void everyPublishedMessageIsCountedOnceForEverySubscriberOnBothNodes() throws Exception {
        try (var redis = RedisForBenchmarkTest.start();
                var first = ClusterNode.start(0, redis.uri(), "smoke-1");
                var second = ClusterNode.start(0, redis.uri(), "smoke-2")) {
            ClusterResult result = ClusterLoad.run(new ClusterLoad.Options(List.of(first.port(), second.port()), 6,
                    200, 64, Duration.ofMillis(200), Duration.ofMillis(500), redis.pid(), List.of(),
                    Map.of("run", "smoke")));

            assertThat(result.published()).as(result.line()).isBetween(90L, 110L);
            assertThat(result.expected()).isEqualTo(result.published() * 6);
            assertThat(result.delivered()).as(result.line()).isEqualTo(result.expected());
            assertThat(result.deliveredByNode()).as("three subscribers a node, each every message")
                    .containsExactly(result.published() * 3, result.published() * 3);
            assertThat(result.p50Micros()).isPositive();
            assertThat(result.redisCpuMicrosPerMessage()).as("read from /proc/<redis pid>/stat").isNotNaN()
                    .isGreaterThanOrEqualTo(0);
            assertThat(result.line()).contains("\tnodes=2\t", "\tlost=0\t", "\trun=smoke");
        }
    }

    @Test
    void theMembershipHolderCountsEveryConnectionsJoinsAcrossNodes() throws Exception {
        try (var redis = RedisForBenchmarkTest.start();
                var first = ClusterNode.start(0, redis.uri(), "hold-1");
                var second = ClusterNode.start(0, redis.uri(), "hold-2")) {
            var holder = new MembershipHolder(List.of(first.port(), second.port()));

            assertThat(holder.command("open 4")).isEqualTo("OPEN open=4");
            assertThat(holder.command("join 3")).isEqualTo("JOINED memberships=12 open=4");
            assertThat(holder.command("close")).isEqualTo("CLOSED");
        }
    }
}
