package dev.duplex.benchmarks.client;

import dev.duplex.benchmarks.load.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Markdown for the client benchmark ({@code client-report RESULTS_FILE}): per scenario and client the median and
 * min–max over the repetitions of messages per second and of client CPU per message (and the server's, for
 * context), each as a ratio to the best peer client (JDK, OkHttp, Netty, Netty behind a blocking API) in the same
 * run: the peer with the most messages per second, and separately the peer with the least CPU per message. Issue
 * 9's target is a ratio of at least 1.2 on throughput, that is at most 1/1.2 = 0.83 on CPU per message. Runs with a
 * failed connection are listed, not counted. Result lines need the tags {@code scenario}, {@code client} and {@code rep}; {@code desc}
 * titles the scenario.
 */
public final class ClientReport {
    static final double TARGET = 1.2;

    private ClientReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("client-report RESULTS_FILE");
            System.exit(2);
        }
        List<Map<String, String>> results = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith(LoadResult.LINE_PREFIX + "\t")) {
                results.add(LoadResult.parse(line));
            }
        }
        System.out.print(render(results, ClientKind.peerIds()));
    }

    /** A figure: its title, how to read it from a result, whether more is better. */
    private record Figure(String title, ToDoubleFunction<Map<String, String>> value, String format,
                          boolean moreIsBetter) {
    }

    private static final Figure THROUGHPUT = new Figure("msg/s", r -> number(r, "msgPerSec"), "%,.0f", true);
    private static final Figure CLIENT_CPU = new Figure("client CPU µs/msg",
            r -> number(r, "clientCpuSec") * 1e6 / number(r, "messages"), "%,.2f", false);
    private static final Figure SERVER_CPU = new Figure("server CPU µs/msg",
            r -> number(r, "serverCpuSec") * 1e6 / number(r, "messages"), "%,.2f", false);

    static String render(List<Map<String, String>> results, Set<String> peers) {
        var byScenario = new LinkedHashMap<String, Map<String, List<Map<String, String>>>>();
        var titles = new LinkedHashMap<String, String>();
        for (Map<String, String> r : results) {
            String scenario = r.getOrDefault("scenario", "?");
            titles.putIfAbsent(scenario, r.getOrDefault("desc", scenario));
            byScenario.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getOrDefault("client", "?"), k -> new ArrayList<>()).add(r);
        }
        var out = new StringBuilder();
        byScenario.forEach((scenario, clients) -> renderScenario(out, scenario, titles.get(scenario), clients, peers));
        return out.toString();
    }

    private static void renderScenario(StringBuilder out, String scenario, String title,
                                       Map<String, List<Map<String, String>>> clients, Set<String> peers) {
        var medians = new LinkedHashMap<String, double[]>();
        var failures = new ArrayList<String>();
        clients.forEach((client, all) -> {
            all.stream().filter(r -> !succeeded(r)).forEach(run -> failures.add(client + " rep " + run.get("rep")
                    + ": " + run.get("failedConnections") + " connections failed: " + run.get("firstError")));
        });
        String bestThroughputPeer = best(clients, peers, THROUGHPUT);
        String bestCpuPeer = best(clients, peers, CLIENT_CPU);
        double bestThroughput = bestThroughputPeer == null ? Double.NaN
                : median(clients.get(bestThroughputPeer), THROUGHPUT);
        double bestCpu = bestCpuPeer == null ? Double.NaN : median(clients.get(bestCpuPeer), CLIENT_CPU);

        out.append("### ").append(scenario).append(": ").append(title).append("\n\n");
        out.append("Best peer: ").append(bestThroughputPeer == null ? "none" : bestThroughputPeer)
                .append(" by msg/s, ").append(bestCpuPeer == null ? "none" : bestCpuPeer)
                .append(" by client CPU per message. Target: × best peer ≥ ")
                .append(fmt("%.2f", TARGET)).append(" on msg/s, ≤ ").append(fmt("%.2f", 1 / TARGET))
                .append(" on CPU/msg.\n\n");
        out.append("| client | reps | msg/s median (min–max) | × best peer | client CPU µs/msg median (min–max) |"
                + " × best peer | server CPU µs/msg median (min–max) |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        clients.forEach((client, all) -> {
            List<Map<String, String>> runs = all.stream().filter(ClientReport::succeeded).toList();
            if (runs.isEmpty()) {
                out.append("| ").append(client).append(" | 0 | – | – | – | – | – |\n");
                return;
            }
            double throughput = median(runs, THROUGHPUT);
            double cpu = median(runs, CLIENT_CPU);
            out.append("| ").append(client).append(" | ").append(runs.size()).append(" | ")
                    .append(cell(runs, THROUGHPUT)).append(" | ").append(fmt("%.2f", throughput / bestThroughput))
                    .append(" | ").append(cell(runs, CLIENT_CPU)).append(" | ").append(fmt("%.2f", cpu / bestCpu))
                    .append(" | ").append(cell(runs, SERVER_CPU)).append(" |\n");
        });
        out.append('\n');
        for (String failure : failures) {
            out.append("- ").append(failure).append('\n');
        }
        if (!failures.isEmpty()) {
            out.append('\n');
        }
    }

    /** The peer with the best median of {@code figure}, or {@code null} when no peer has a successful run. */
    private static String best(Map<String, List<Map<String, String>>> clients, Set<String> peers, Figure figure) {
        String best = null;
        double bestValue = Double.NaN;
        for (var entry : clients.entrySet()) {
            if (!peers.contains(entry.getKey())) {
                continue;
            }
            double value = median(entry.getValue(), figure);
            if (Double.isNaN(value)) {
                continue;
            }
            if (best == null || (figure.moreIsBetter() ? value > bestValue : value < bestValue)) {
                best = entry.getKey();
                bestValue = value;
            }
        }
        return best;
    }

    private static double median(List<Map<String, String>> runs, Figure figure) {
        return median(runs.stream().filter(ClientReport::succeeded).mapToDouble(figure.value()).sorted().toArray());
    }

    private static String cell(List<Map<String, String>> runs, Figure figure) {
        double[] values = runs.stream().mapToDouble(figure.value()).sorted().toArray();
        return fmt(figure.format(), median(values)) + " (" + fmt(figure.format(), values[0]) + "–"
                + fmt(figure.format(), values[values.length - 1]) + ")";
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
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }
}
