package dev.duplex.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReportTest {

    private static String line(String server, int connections, long rssKiB, long heapBytes) {
        return "MEMORY\tserver=" + server + "\tconnections=" + connections + "\trssKiB=" + rssKiB + "\theapBytes="
                + heapBytes + "\tthreads=20";
    }

    private static final List<String> LINES = List.of(
            line("netty-ws", 0, 100_000, 4L << 20),
            line("netty-ws", 10_000, 120_000, (4L << 20) + 10_000 * 2048L),
            line("duplex", 0, 110_000, 5L << 20),
            line("duplex", 10_000, 140_000, (5L << 20) + 10_000 * 4096L),
            "some other line");

    @Test
    void reportsMemoryPerConnectionAsGrowthSinceNoConnectionsWithRatioAndDifferenceToTheReference() {
        String markdown = MemoryReport.render(LINES, "netty-ws");

        // duplex: RSS (140,000 - 110,000) KiB / 10,000 = 3.00 KiB, netty-ws 2.00: 1.50×, +1.00 KiB; heap 4 against
        // 2 KiB. The last step is from 0 here, so the same.
        assertThat(markdown).contains(
                "| 10,000 | 20 | 136.7 | 44.1 | 3.00 | 1.50 | +1.00 | 4.00 | 2.00 | +2.00 | 3.00 | 4.00 |");
        assertThat(markdown).contains(
                "| 10,000 | 20 | 117.2 | 23.5 | 2.00 | 1.00 | +0.00 | 2.00 | 1.00 | +0.00 | 2.00 | 2.00 |");
    }

    @Test
    void givesTheGrowthPerConnectionOfTheLastStepApartFromTheFixedCostsOfTheFirstConnections() {
        String markdown = MemoryReport.render(List.of(line("s", 0, 1000, 0), line("s", 1000, 3000, 1000 * 1024L),
                line("s", 3000, 4000, 3000 * 1024L)), "s");

        // 0 → 3,000: 3,000 KiB / 3,000 = 1.00 KiB RSS per connection; 1,000 → 3,000: 1,000 KiB / 2,000 = 0.50.
        assertThat(markdown).contains(
                "| 3,000 | 20 | 3.9 | 2.9 | 1.00 | 1.00 | +0.00 | 1.00 | 1.00 | +0.00 | 0.50 | 1.00 |");
    }

    @Test
    void showsWhether100000ConnectionsFitIn2GiBOfHeap() {
        String markdown = MemoryReport.render(LINES, "netty-ws");

        // 5 MiB + 100,000 × 4 KiB = 5 + 390.6 MiB.
        assertThat(markdown).contains("| duplex | 10,000 | 4.00 | 5.0 | 5.0 + 100,000 × 4.00 / 1024 = 396 | yes |");
    }

    @Test
    void saysNoWhen100000ConnectionsWouldNotFit() {
        String markdown = MemoryReport.render(List.of(line("big", 0, 1, 0), line("big", 1000, 1, 1000 * 30_000L)),
                "netty-ws");

        assertThat(markdown).contains("| big | 1,000 | 29.30 | 0.0 | 0.0 + 100,000 × 29.30 / 1024 = 2,861 | **no** |");
    }
}
