package dev.duplex.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scenario 5's tables from the {@code MEMORY} lines {@code run-memory.sh} writes, one per server and connection count:
 * {@code MEMORY\tserver=netty-ws\tconnections=18000\trssKiB=…\theapBytes=…\tthreads=…}. Per server: RSS and
 * live heap at each count, and per connection (growth since 0 connections divided by the count) with its ratio to and
 * difference from the reference, and the growth per connection of the last step alone (from the previous count: free
 * of fixed costs such as allocator chunks and threads started while the first connections came in); then, for every
 * server, whether 100,000 connections fit in a 2 GiB heap at the live heap per connection of the largest count.
 */
public final class MemoryReport {
    public static final String LINE_PREFIX = "MEMORY";
    /** The heap the target allows for {@link #TARGET_CONNECTIONS}: 2 GiB. */
    static final long TARGET_HEAP_BYTES = 2L << 30;
    static final int TARGET_CONNECTIONS = 100_000;

    private MemoryReport() {
    }

    /** {@code memory-report MEMORY_FILE [--reference netty-ws]}: prints the markdown. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("memory-report MEMORY_FILE [--reference SERVER]");
            System.exit(2);
        }
        String reference = args.length >= 3 && args[1].equals("--reference") ? args[2] : "netty-ws";
        System.out.print(render(Files.readAllLines(Path.of(args[0])), reference));
    }

    /** One measurement: a server holding {@code connections} idle connections. */
    record Sample(String server, int connections, long rssKiB, long heapBytes, int threads) {
    }

    static String render(List<String> lines, String reference) {
        var byServer = new LinkedHashMap<String, TreeMap<Integer, Sample>>();
        for (String line : lines) {
            if (!line.startsWith(LINE_PREFIX + "\t")) {
                continue;
            }
            Map<String, String> f = new LinkedHashMap<>();
            for (String field : line.substring(LINE_PREFIX.length() + 1).split("\t")) {
                int eq = field.indexOf('=');
                f.put(field.substring(0, eq), field.substring(eq + 1));
            }
            var sample = new Sample(f.get("server"), Integer.parseInt(f.get("connections")),
                    Long.parseLong(f.get("rssKiB")), Long.parseLong(f.get("heapBytes")),
                    Integer.parseInt(f.getOrDefault("threads", "-1")));
            byServer.computeIfAbsent(sample.server(), k -> new TreeMap<>()).put(sample.connections(), sample);
        }
        TreeMap<Integer, Sample> ref = byServer.getOrDefault(reference, new TreeMap<>());
        var out = new StringBuilder();
        byServer.forEach((server, samples) -> {
            out.append("#### ").append(server).append("\n\n");
            out.append("| connections | threads | RSS MiB | live heap MiB | RSS KiB/conn | × ").append(reference)
                    .append(" | − ").append(reference).append(" KiB | heap KiB/conn | × ").append(reference)
                    .append(" | − ").append(reference)
                    .append(" KiB | RSS KiB/conn, last step | heap KiB/conn, last step |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            Sample idle = samples.get(0);
            samples.forEach((count, s) -> {
                out.append(String.format(Locale.ROOT, "| %,d | %d | %,.1f | %,.1f |", count, s.threads(),
                        s.rssKiB() / 1024.0,
                        s.heapBytes() / 1048576.0));
                if (count == 0 || idle == null) {
                    out.append(" – | – | – | – | – | – | – | – |\n");
                    return;
                }
                Sample previous = samples.lowerEntry(count).getValue();
                double rss = rssPerConnection(idle, s);
                double heap = heapPerConnection(idle, s);
                Sample refIdle = ref.get(0);
                Sample refSample = ref.get(count);
                boolean comparable = refIdle != null && refSample != null;
                double refRss = comparable ? rssPerConnection(refIdle, refSample) : Double.NaN;
                double refHeap = comparable ? heapPerConnection(refIdle, refSample) : Double.NaN;
                out.append(String.format(Locale.ROOT, " %.2f | %s | %s | %.2f | %s | %s | %.2f | %.2f |%n", rss,
                        ratio(rss, refRss), difference(rss, refRss), heap, ratio(heap, refHeap),
                        difference(heap, refHeap), rssPerConnection(previous, s), heapPerConnection(previous, s)));
            });
            out.append('\n');
        });
        out.append(String.format(Locale.ROOT, "%,d connections in a %,d MiB heap, at each server's live heap per"
                + " connection of its largest count (heap at 0 connections + %,d × KiB/conn):%n%n",
                TARGET_CONNECTIONS, TARGET_HEAP_BYTES >> 20, TARGET_CONNECTIONS));
        out.append("| server | connections measured | heap KiB/conn | heap at 0, MiB | estimate, MiB | fits |\n");
        out.append("|---|---|---|---|---|---|\n");
        byServer.forEach((server, samples) -> {
            Sample idle = samples.get(0);
            Sample largest = samples.lastEntry().getValue();
            if (idle == null || largest.connections() == 0) {
                return;
            }
            double perConnection = heapPerConnection(idle, largest);
            double estimate = idle.heapBytes() + TARGET_CONNECTIONS * perConnection * 1024;
            out.append(String.format(Locale.ROOT,
                    "| %s | %,d | %.2f | %,.1f | %,.1f + %,d × %.2f / 1024 = %,.0f | %s |%n", server,
                    largest.connections(), perConnection, idle.heapBytes() / 1048576.0, idle.heapBytes() / 1048576.0, TARGET_CONNECTIONS, perConnection, estimate / 1048576.0,
                    estimate <= TARGET_HEAP_BYTES ? "yes" : "**no**"));
        });
        return out.toString();
    }

    /** RSS growth from {@code from} to {@code s}, per connection added, in KiB. */
    static double rssPerConnection(Sample from, Sample s) {
        return (double) (s.rssKiB() - from.rssKiB()) / (s.connections() - from.connections());
    }

    /** Live-heap growth from {@code from} to {@code s}, per connection added, in KiB. */
    static double heapPerConnection(Sample from, Sample s) {
        return (s.heapBytes() - from.heapBytes()) / 1024.0 / (s.connections() - from.connections());
    }

    private static String ratio(double value, double reference) {
        double ratio = value / reference;
        return Double.isFinite(ratio) && reference > 0 ? String.format(Locale.ROOT, "%.2f", ratio) : "–";
    }

    private static String difference(double value, double reference) {
        return Double.isNaN(reference) ? "–" : String.format(Locale.ROOT, "%+.2f", value - reference);
    }
}
