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
}
