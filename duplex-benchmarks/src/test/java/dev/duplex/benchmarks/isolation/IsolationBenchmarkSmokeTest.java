package dev.duplex.benchmarks.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The isolation benchmark runs end to end at a small size and reports every round of both phases. */
class IsolationBenchmarkSmokeTest {
    @Test
    void timesEveryRoundOnTheIdleListenerAndBehindMorePeersThanJdk17sWorkersAllHoldingAClose() throws Exception {
        var result = IsolationBenchmark.run(150, 20, 5);

        assertThat(result.idle()).hasSize(20).isSorted();
        assertThat(result.idle()[0]).isPositive();
        assertThat(result.loaded()).hasSize(20).isSorted();
        assertThat(result.loaded()[0]).isPositive();
        assertThat(result.line()).startsWith("RESULT ").contains("silent=150", "rounds=20", "ratio_p50=");
    }
}
