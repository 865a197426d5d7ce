package dev.duplex.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.benchmarks.load.LoadResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientReportTest {

    /** A run of {@code client}: {@code msgPerSec} messages in one second, {@code cpuMicros} client CPU per message. */
    private static Map<String, String> run(String client, String rep, long msgPerSec, double cpuMicros) {
        return LoadResult.parse(new LoadResult(Map.of("scenario", "c1", "client", client, "rep", rep), msgPerSec, 1.0,
                msgPerSec * 64, Double.NaN, Double.NaN, Double.NaN, Double.NaN, msgPerSec * cpuMicros / 1e6, 0.5, 0,
                null).toLine());
    }

    @Test
    void comparesEachClientWithThePeerOfMostThroughputAndSeparatelyWithThePeerOfLeastCpu() {
        String markdown = ClientReport.render(List.of(
                run("jdk", "1", 1000, 20), run("netty", "1", 2000, 10), run("okhttp", "1", 500, 8),
                run("duplex-sync", "1", 3000, 4)), Set.of("jdk", "netty", "okhttp"));

        assertThat(markdown).contains("Best peer: netty by msg/s, okhttp by client CPU per message.");
        assertThat(markdown).contains("| duplex-sync | 1 | 3,000 (3,000–3,000) | 1.50 | 4.00 (4.00–4.00) | 0.50 |");
        assertThat(markdown).contains("| netty | 1 | 2,000 (2,000–2,000) | 1.00 | 10.00 (10.00–10.00) | 1.25 |");
    }

    @Test
    void listsRunsWithFailedConnectionsAndLeavesThemOutOfTheFigures() {
        var failed = LoadResult.parse(new LoadResult(Map.of("scenario", "c1", "client", "jdk", "rep", "2"), 0, 1.0, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 3, "stuck").toLine());

        String markdown = ClientReport.render(List.of(run("jdk", "1", 1000, 20), failed), Set.of("jdk"));

        assertThat(markdown).contains("| jdk | 1 | 1,000 (1,000–1,000) | 1.00 |");
        assertThat(markdown).contains("- jdk rep 2: 3 connections failed: stuck");
    }
}
