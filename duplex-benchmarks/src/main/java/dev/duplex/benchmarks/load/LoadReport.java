package dev.duplex.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Turns the result lines of interleaved runs into markdown: per scenario and server the median and min–max of every
 * figure over the repetitions, and each median as a ratio to the reference server's median in the same run (the
 * scenario's {@code reference} tag, else {@code --reference}).
 * Runs with a failed connection are listed, not counted. Results need the tags {@code scenario}, {@code server} and {@code rep}; {@code desc} titles the scenario.
 */
public final class LoadReport {
    private LoadReport() {
    }

    /** {@code report RESULTS_FILE [--reference netty-ws]}: prints the markdown. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("report RESULTS_FILE [--reference SERVER]");
            System.exit(2);
        }
        String reference = args.length >= 3 && args[1].equals("--reference") ? args[2] : "netty-ws";
        List<Map<String, String>> results = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith(LoadResult.LINE_PREFIX + "\t")) {
                results.add(LoadResult.parse(line));
            }
        }
        System.out.print(render(results, reference));
    }

    /** One figure of the table: a column title, how to read it, how to print it. */
    private record Figure(String title, ToDoubleFunction<Map<String, String>> value, String format) {
    }

    /**
     * The figures of a scenario by its results' {@code mode} ({@link LoadResult}): the closed-loop echo, the open
     * loop at a fixed rate (latency from when each message was due; whether the rate was kept), handshakes.
     */
    private static List<Figure> figures(String mode) {
        return switch (mode) {
            case LoadResult.MODE_RATE -> RATE_FIGURES;
            case LoadResult.MODE_HANDSHAKES -> HANDSHAKE_FIGURES;
            default -> FIGURES;
        };
    }

    private static final List<Figure> RATE_FIGURES = List.of(
            new Figure("target msg/s", r -> number(r, "targetRate"), "%,.0f"),
            new Figure("achieved msg/s", r -> number(r, "msgPerSec"), "%,.0f"),
            new Figure("unanswered", r -> number(r, "sent") - number(r, "messages"), "%,.0f"),
            new Figure("p50 µs", r -> number(r, "p50us"), "%,.0f"),
            new Figure("p99 µs", r -> number(r, "p99us"), "%,.0f"),
            new Figure("p99.9 µs", r -> number(r, "p999us"), "%,.0f"),
            new Figure("max µs", r -> number(r, "maxus"), "%,.0f"),
            new Figure("server CPU µs/msg", r -> number(r, "serverCpuSec") * 1e6 / number(r, "messages"), "%,.2f"),
            new Figure("generator late µs (max)", r -> number(r, "maxSendLagUs"), "%,.0f"),
            new Figure("generator CPU %", r -> 100 * number(r, "clientCpuSec") / number(r, "seconds"), "%.0f"));

    private static final List<Figure> HANDSHAKE_FIGURES = List.of(
            new Figure("handshakes/s", r -> number(r, "msgPerSec"), "%,.0f"),
            new Figure("cycle p50 µs", r -> number(r, "p50us"), "%,.0f"),
            new Figure("cycle p99 µs", r -> number(r, "p99us"), "%,.0f"),
            new Figure("cycle p99.9 µs", r -> number(r, "p999us"), "%,.0f"),
            new Figure("server CPU µs/handshake", r -> number(r, "serverCpuSec") * 1e6 / number(r, "messages"),
                    "%,.2f"),
            new Figure("generator CPU %", r -> 100 * number(r, "clientCpuSec") / number(r, "seconds"), "%.0f"));

    private static final List<Figure> FIGURES = List.of(
            new Figure("msg/s", r -> number(r, "msgPerSec"), "%,.0f"),
            new Figure("MB/s", r -> number(r, "mbPerSec"), "%,.1f"),
            new Figure("p50 µs", r -> number(r, "p50us"), "%,.0f"),
            new Figure("p99 µs", r -> number(r, "p99us"), "%,.0f"),
            new Figure("p99.9 µs", r -> number(r, "p999us"), "%,.0f"),
            new Figure("server CPU µs/msg", r -> number(r, "serverCpuSec") * 1e6 / number(r, "messages"), "%,.2f"),
            new Figure("generator CPU %", r -> 100 * number(r, "clientCpuSec") / number(r, "seconds"), "%.0f"));

    static String render(List<Map<String, String>> results, String reference) {
        var byScenario = new LinkedHashMap<String, Map<String, List<Map<String, String>>>>();
        var titles = new LinkedHashMap<String, String>();
        var modes = new LinkedHashMap<String, String>();
        for (Map<String, String> r : results) {
            String scenario = r.getOrDefault("scenario", "?");
            titles.putIfAbsent(scenario, r.getOrDefault("desc", scenario));
            modes.putIfAbsent(scenario, r.getOrDefault("mode", LoadResult.MODE_ECHO));
            byScenario.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getOrDefault("server", "?"), k -> new ArrayList<>()).add(r);
        }
        var out = new StringBuilder();
        byScenario.forEach((scenario, servers) -> {
            // A scenario may name its own reference (tag reference=...): netty-ws cannot run the deflate scenarios.
            String scenarioReference = servers.values().stream().flatMap(List::stream)
                    .map(r -> r.get("reference")).filter(Objects::nonNull).findFirst().orElse(reference);
            List<Figure> figures = figures(modes.get(scenario));
            out.append("### ").append(scenario).append(": ").append(titles.get(scenario)).append("\n\n");
            out.append("| server | reps |");
            for (Figure f : figures) {
                out.append(' ').append(f.title()).append(" median (min–max) | × ").append(scenarioReference)
                        .append(" |");
            }
            out.append("\n|---|---|");
            out.append("---|---|".repeat(figures.size()));
            out.append('\n');
            List<Map<String, String>> ref = servers.getOrDefault(scenarioReference, List.of()).stream()
                    .filter(LoadReport::succeeded).toList();
            var failures = new ArrayList<String>();
            servers.forEach((server, all) -> {
                // A run with a failed connection measured something else: it is listed below, not counted.
                List<Map<String, String>> runs = all.stream().filter(LoadReport::succeeded).toList();
                all.stream().filter(r -> !succeeded(r)).forEach(run -> failures.add(server + " rep " + run.get("rep")
                        + ": " + run.get("failedConnections") + " connections failed: " + run.get("firstError")));
                if (runs.isEmpty()) {
                    out.append("| ").append(server).append(" | 0 |").append(" – | – |".repeat(figures.size()))
                            .append('\n');
                    return;
                }
                out.append("| ").append(server).append(" | ").append(runs.size()).append(" |");
                for (Figure f : figures) {
                    double[] values = runs.stream().mapToDouble(f.value()).sorted().toArray();
                    double median = median(values);
                    out.append(' ').append(fmt(f.format(), median)).append(" (").append(fmt(f.format(), values[0]))
                            .append('–').append(fmt(f.format(), values[values.length - 1])).append(") |");
                    if (ref.isEmpty()) {
                        out.append(" – |");
                    } else {
                        double refMedian = median(ref.stream().mapToDouble(f.value()).sorted().toArray());
                        double ratio = median / refMedian;
                        out.append(' ').append(Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio)
                                : "–").append(" |");
                    }
                }
                out.append('\n');
            });
            out.append('\n');
            double[] pressure = servers.values().stream().flatMap(List::stream)
                    .filter(r -> r.containsKey("cpuPressure") && !r.get("cpuPressure").equals("n/a"))
                    .mapToDouble(r -> number(r, "cpuPressure")).sorted().toArray();
            if (pressure.length > 0) {
                out.append(String.format(Locale.ROOT, "CPU pressure from other processes when these runs started"
                                + " (PSI some avg10): median %.0f%%, %.0f–%.0f%%.%n%n",
                        median(pressure), pressure[0], pressure[pressure.length - 1]));
            }
            for (String failure : failures) {
                out.append("- ").append(failure).append('\n');
            }
            if (!failures.isEmpty()) {
                out.append('\n');
            }
        });
        return out.toString();
    }

    private static boolean succeeded(Map<String, String> run) {
        return "0".equals(run.getOrDefault("failedConnections", "0"));
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double number(Map<String, String> r, String key) {
        String value = r.get(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    private static String fmt(String format, double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }
}
