package dev.duplex.benchmarks.fanout;

import dev.duplex.benchmarks.load.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns fan-out result lines ({@link FanoutResult}) into markdown: per scenario and server the median and min–max of
 * each figure over the repetitions, and the ratio of each median to the reference server's median in the same run.
 * A scenario tagged {@code baseline=OTHER} (the isolation variant) also gives each server's deliveries per second as
 * a ratio to its own median in scenario OTHER (all subscribers reading). Runs that were not
 * {@link FanoutResult#clean() clean} are listed, not counted. Results need the tags {@code scenario}, {@code server}
 * and {@code rep}; {@code desc} titles the scenario.
 */
public final class FanoutReport {
    private FanoutReport() {
    }

    /** {@code fanout-report RESULTS_FILE [--reference netty-fanout]}: prints the markdown. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("fanout-report RESULTS_FILE [--reference SERVER]");
            System.exit(2);
        }
        String reference = args.length >= 3 && args[1].equals("--reference") ? args[2] : "netty-fanout";
        List<Map<String, String>> results = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith(LoadResult.LINE_PREFIX + "\t")) {
                results.add(LoadResult.parse(line));
            }
        }
        System.out.print(render(results, reference));
    }

    private record Figure(String title, ToDoubleFunction<Map<String, String>> value, String format) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("deliveries/s", r -> number(r, "deliveriesPerSec"), "%,.0f"),
            new Figure("last member p50 ms", r -> number(r, "lastMemberP50us") / 1e3, "%,.1f"),
            new Figure("last member p99 ms", r -> number(r, "lastMemberP99us") / 1e3, "%,.1f"),
            new Figure("delivered %", r -> 100 * number(r, "deliveries") / number(r, "expectedDeliveries"), "%.1f"),
            new Figure("server CPU µs/delivery", r -> number(r, "serverCpuSec") * 1e6 / number(r, "deliveries"),
                    "%,.2f"));

    static String render(List<Map<String, String>> results, String reference) {
        var byScenario = new LinkedHashMap<String, Map<String, List<Map<String, String>>>>();
        for (Map<String, String> r : results) {
            byScenario.computeIfAbsent(r.getOrDefault("scenario", "?"), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getOrDefault("server", "?"), k -> new ArrayList<>()).add(r);
        }
        var out = new StringBuilder();
        byScenario.forEach((scenario, servers) -> {
            Map<String, String> first = servers.values().iterator().next().get(0);
            String baseline = first.get("baseline");
            out.append("### ").append(scenario).append(": ").append(first.getOrDefault("desc", scenario))
                    .append("\n\n| server | reps |");
            for (Figure f : FIGURES) {
                out.append(' ').append(f.title()).append(" median (min–max) | × ").append(reference).append(" |");
            }
            if (baseline != null) {
                out.append(" deliveries/s × ").append(baseline).append(" |");
            }
            out.append("\n|---|---|").append("---|---|".repeat(FIGURES.size()))
                    .append(baseline != null ? "---|" : "").append('\n');
            var failures = new ArrayList<String>();
            servers.forEach((server, all) -> {
                List<Map<String, String>> runs = clean(all);
                all.stream().filter(r -> !isClean(r)).forEach(r -> failures.add(server + " rep " + r.get("rep")
                        + ": " + r.get("failedConnections") + " failed upgrades, " + r.get("unexpected")
                        + " unexpected frames, first: " + r.get("firstError")));
                out.append("| ").append(server).append(" | ").append(runs.size()).append(" |");
                for (Figure f : FIGURES) {
                    out.append(cells(runs, clean(servers.getOrDefault(reference, List.of())), f));
                }
                if (baseline != null) {
                    List<Map<String, String>> own = clean(byScenario.getOrDefault(baseline, Map.of())
                            .getOrDefault(server, List.of()));
                    out.append(' ').append(ratio(runs, own, FIGURES.get(0))).append(" |");
                }
                out.append('\n');
            });
            out.append('\n');
            failures.forEach(failure -> out.append("- ").append(failure).append('\n'));
            if (!failures.isEmpty()) {
                out.append('\n');
            }
        });
        return out.toString();
    }

    private static String cells(List<Map<String, String>> runs, List<Map<String, String>> ref, Figure f) {
        if (runs.isEmpty()) {
            return " – | – |";
        }
        double[] values = values(runs, f);
        return " " + fmt(f.format(), median(values)) + " (" + fmt(f.format(), values[0]) + "–"
                + fmt(f.format(), values[values.length - 1]) + ") | " + ratio(runs, ref, f) + " |";
    }

    private static String ratio(List<Map<String, String>> runs, List<Map<String, String>> of, Figure f) {
        if (runs.isEmpty() || of.isEmpty()) {
            return "–";
        }
        double ratio = median(values(runs, f)) / median(values(of, f));
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "–";
    }

    private static List<Map<String, String>> clean(List<Map<String, String>> runs) {
        return runs.stream().filter(FanoutReport::isClean).toList();
    }

    private static boolean isClean(Map<String, String> r) {
        return "0".equals(r.getOrDefault("failedConnections", "0")) && "0".equals(r.getOrDefault("unexpected", "0"));
    }

    private static double[] values(List<Map<String, String>> runs, Figure f) {
        return runs.stream().mapToDouble(f.value()).sorted().toArray();
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
