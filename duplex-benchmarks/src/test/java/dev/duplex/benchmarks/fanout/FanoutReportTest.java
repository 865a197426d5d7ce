package dev.duplex.benchmarks.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.benchmarks.load.LoadResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FanoutReportTest {
    private static Map<String, String> run(String scenario, String server, int rep, long deliveries, double seconds,
                                           int stalled, String... extraTags) {
        var tags = new java.util.LinkedHashMap<String, String>();
        tags.put("scenario", scenario);
        tags.put("server", server);
        tags.put("rep", Integer.toString(rep));
        for (int i = 0; i < extraTags.length; i += 2) {
            tags.put(extraTags[i], extraTags[i + 1]);
        }
        var result = new FanoutResult(tags, 100, stalled, 10, deliveries, seconds, 1000, 2000, 3000, 10, 0.5, 0, 0,
                0, null, 0.1, 0.2);
        return LoadResult.parse(result.toLine());
    }

    @Test
    void mediansAreDividedByTheReferenceAndTheStalledRateByTheSameServersAllReadingRate() {
        List<Map<String, String>> results = List.of(
                run("reading", "netty-fanout", 1, 1000, 1.0, 0),
                run("reading", "netty-fanout", 2, 1000, 0.5, 0),
                run("reading", "netty-fanout", 3, 1000, 0.25, 0),
                run("reading", "duplex-caller-loop", 1, 1000, 0.5, 0),
                run("stalled", "netty-fanout", 1, 990, 0.5, 1, "baseline", "reading"),
                run("stalled", "duplex-caller-loop", 1, 990, 4.95, 1, "baseline", "reading"));

        String markdown = FanoutReport.render(results, "netty-fanout");

        // netty-fanout: 1,000, 2,000, 4,000 deliveries/s, median 2,000; duplex-caller-loop 2,000: 1.00 ×.
        assertThat(markdown).contains("| netty-fanout | 3 | 2,000 (1,000–4,000) | 1.00 |");
        assertThat(markdown).contains("| duplex-caller-loop | 1 | 2,000 (2,000–2,000) | 1.00 |");
        // Stalled: 1,980 / 2,000 for netty-fanout, 200 / 2,000 for the caller loop.
        assertThat(markdown).containsPattern("\\| netty-fanout \\| 1 \\| 1,980 .* \\| 0\\.99 \\|\\n");
        assertThat(markdown).containsPattern("\\| duplex-caller-loop \\| 1 \\| 200 .* \\| 0\\.10 \\|\\n");
        assertThat(markdown).contains("deliveries/s × reading");
    }

    @Test
    void aRunWithFailedUpgradesIsListedNotCounted() {
        var failed = new java.util.HashMap<>(run("reading", "netty-fanout", 2, 10, 1.0, 0));
        failed.put("failedConnections", "3");
        failed.put("firstError", "connect: refused");

        String markdown = FanoutReport.render(List.of(run("reading", "netty-fanout", 1, 1000, 1.0, 0), failed),
                "netty-fanout");

        assertThat(markdown).contains("| netty-fanout | 1 | 1,000 (1,000–1,000) |");
        assertThat(markdown).contains("- netty-fanout rep 2: 3 failed upgrades, 0 unexpected frames, first: connect: "
                + "refused");
    }
}
