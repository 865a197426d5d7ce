package dev.duplex.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    private static Map<String, String> result(String server, String rep, double msgPerSec) {
        var r = new LoadResult(Map.of("scenario", "s1", "server", server, "rep", rep), (long) msgPerSec, 1.0,
                (long) msgPerSec * 64, 100, 200, 300, 400, 0.5, 1.0, 0, null);
        return LoadResult.parse(r.toLine());
    }

    @Test
    void reportsTheMedianAndRangeOfEachServerAndItsRatioToTheReference() {
        String markdown = LoadReport.render(List.of(
                result("netty-ws", "1", 1000), result("duplex", "1", 400),
                result("netty-ws", "2", 3000), result("duplex", "2", 500),
                result("netty-ws", "3", 2000), result("duplex", "3", 600)), "netty-ws");

        assertThat(markdown).contains("| netty-ws | 3 | 2,000 (1,000–3,000) | 1.00 |");
        assertThat(markdown).contains("| duplex | 3 | 500 (400–600) | 0.25 |");
    }

    @Test
    void leavesRunsWithFailedConnectionsOutOfTheFiguresAndListsThem() {
        var failed = LoadResult.parse(new LoadResult(Map.of("scenario", "s1", "server", "duplex", "rep", "2"), 0, 1.0,
                0, 0, 0, 0, 0, 0, 0, 100, "refused").toLine());
        String markdown = LoadReport.render(List.of(result("netty-ws", "1", 1000), result("duplex", "1", 400),
                failed), "netty-ws");

        assertThat(markdown).contains("| duplex | 1 | 400 (400–400) | 0.40 |");
        assertThat(markdown).contains("- duplex rep 2: 100 connections failed: refused");
    }

    @Test
    void comparesAScenarioWithTheReferenceItsRunsName() {
        var runs = new ArrayList<Map<String, String>>();
        for (String server : List.of("netty-ws-deflate", "duplex")) {
            var r = new LoadResult(Map.of("scenario", "s7", "server", server, "rep", "1",
                    "reference", "netty-ws-deflate"), server.equals("duplex") ? 300 : 200, 1.0, 64, 100, 200, 300,
                    400, 0.5, 1.0, 0, null);
            runs.add(LoadResult.parse(r.toLine()));
        }

        String markdown = LoadReport.render(runs, "netty-ws");

        assertThat(markdown).contains("× netty-ws-deflate");
        assertThat(markdown).contains("| duplex | 1 | 300 (300–300) | 1.50 |");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(LoadReport.median(new double[] {1, 2, 4, 10})).isEqualTo(3);
    }

    private static Map<String, String> rateResult(String server, long sent, long echoed, double p99) {
        return LoadResult.parse(new LoadResult(Map.of("scenario", "s3", "server", server, "rep", "1"), echoed, 2.0,
                echoed * 64, 100, p99, 2 * p99, 3 * p99, 0.5, 1.0, 0, null, LoadResult.MODE_RATE, 1000, sent, 40)
                .toLine());
    }

    @Test
    void reportsTheTargetAchievedRateUnansweredMessagesAndPercentilesOfTheOpenLoop() {
        String markdown = LoadReport.render(List.of(rateResult("netty-ws", 2000, 2000, 400),
                rateResult("duplex", 2000, 1900, 600)), "netty-ws");

        assertThat(markdown).contains("target msg/s median (min–max)", "achieved msg/s", "unanswered", "p99.9 µs",
                "max µs", "generator late µs (max)");
        // target 1,000 (ratio 1.00), achieved 950 msg/s (0.95), 100 unanswered (no ratio to 0), p50 100 µs (1.00),
        // p99 600 µs (1.50).
        assertThat(markdown).contains("| duplex | 1 | 1,000 (1,000–1,000) | 1.00 | 950 (950–950) | 0.95 |"
                + " 100 (100–100) | – | 100 (100–100) | 1.00 | 600 (600–600) | 1.50 |");
    }

    @Test
    void reportsHandshakesPerSecondAndTheServerCpuPerHandshakeWithRatiosToTheReference() {
        var reference = LoadResult.parse(new LoadResult(Map.of("scenario", "s4", "server", "netty-ws", "rep", "1"),
                10_000, 2.0, 0, 5000, 9000, 9500, 9900, 1.0, 1.0, 0, null, LoadResult.MODE_HANDSHAKES, Double.NaN,
                10_000, 0).toLine());
        var duplex = LoadResult.parse(new LoadResult(Map.of("scenario", "s4", "server", "duplex", "rep", "1"),
                8_000, 2.0, 0, 6000, 9000, 9500, 9900, 1.0, 1.2, 0, null, LoadResult.MODE_HANDSHAKES, Double.NaN,
                8_000, 0).toLine());

        String markdown = LoadReport.render(List.of(reference, duplex), "netty-ws");

        assertThat(markdown).contains("handshakes/s median (min–max)", "server CPU µs/handshake");
        // 4,000 handshakes/s (0.80), cycle p50 6,000 µs (1.20), ..., 150 µs of server CPU per handshake (1.50).
        assertThat(markdown).contains("| duplex | 1 | 4,000 (4,000–4,000) | 0.80 | 6,000 (6,000–6,000) | 1.20 |");
        assertThat(markdown).contains("| 150.00 (150.00–150.00) | 1.50 |");
    }
}
