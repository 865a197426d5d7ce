package dev.duplex.benchmarks.client;

import dev.duplex.benchmarks.load.LoadOptions;
import dev.duplex.benchmarks.load.LoadResult;
import dev.duplex.benchmarks.load.ProcessCpu;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client benchmark ({@code client-load}): one client library runs the echo loop on every connection against a
 * fixed echo server, warms up, and measures echoes per second and this process's CPU time per echo over the window.
 * The server is another process; its CPU is read from {@code /proc} when its pid is given.
 *
 * <pre>
 * client-load --client duplex-sync|duplex-sync-vt|duplex-push|duplex-push-loop|jdk|okhttp|netty --port N
 *             [--connections 100] [--size 64] [--text | --binary] [--warmup 2s] [--duration 5s]
 *             [--server-pid PID] [--tag k=v]...
 * </pre>
 *
 * <p>The result is a {@link LoadResult} line (latency fields are not measured here and read NaN); its
 * {@code clientCpuSec} is the CPU time of this process, so {@code clientCpuSec / messages} is the client's cost per
 * echo, the figure least affected by the server being the bottleneck.
 */
public final class ClientLoad {
    private ClientLoad() {
    }

    public static void main(String[] args) throws Exception {
        ClientKind kind = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--client") && i + 1 < args.length) {
                kind = ClientKind.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        if (kind == null) {
            System.err.println("client-load needs --client KIND; see ClientLoad's Javadoc");
            System.exit(2);
        }
        LoadResult result = run(kind, LoadOptions.parse(rest.toArray(String[]::new)));
        System.out.println(summary(result));
        System.out.println(result.toLine());
        // The libraries' non-daemon threads (OkHttp's, the JDK's) must not keep this process.
        System.exit(result.failedConnections() > 0 ? 1 : 0);
    }

    /** Runs {@code kind}'s echo loops as {@code options} say and returns what was measured. */
    public static LoadResult run(ClientKind kind, LoadOptions options) throws Exception {
        var tags = new LinkedHashMap<>(options.tags());
        tags.putIfAbsent("client", kind.id());
        tags.put("java", Integer.toString(Runtime.version().feature()));
        tags.put("workers", dev.duplex.websocket.internal.dispatch.Workers.virtual() ? "virtual" : "platform");
        if (!kind.available()) {
            return failed(tags, kind.id() + " is not available on Java " + Runtime.version());
        }
        URI uri = URI.create("ws://" + options.host() + ":" + options.port() + options.path());
        var workload = new EchoWorkload(uri, options.connections(), options.text(), options.messageSize());
        try (EchoLoops loops = kind.loops(workload)) {
            loops.open();
            loops.start();
            sleep(options.warmup().toNanos());
            long echoesAtStart = loops.echoes();
            double cpuAtStart = ProcessCpu.ofThisProcess();
            double serverCpuAtStart = ProcessCpu.of(options.serverPid());
            long start = System.nanoTime();
            sleep(options.duration().toNanos());
            long echoes = loops.echoes() - echoesAtStart;
            double cpu = ProcessCpu.ofThisProcess() - cpuAtStart;
            double serverCpu = ProcessCpu.of(options.serverPid()) - serverCpuAtStart;
            double seconds = (System.nanoTime() - start) / 1e9;
            loops.stop();
            int failed = loops.failedConnections();
            String error = loops.firstError();
            if (echoes == 0 && failed == 0) {
                failed = options.connections();
                error = "no echo in the measured window: the echo loops are stuck";
            }
            return new LoadResult(tags, echoes, seconds, echoes * options.messageSize(), Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, cpu, serverCpu, failed, error);
        } catch (Exception e) {
            return failed(tags, e.toString());
        }
    }

    /** A human-readable line: throughput and the CPU cost per echo of both ends. */
    static String summary(LoadResult result) {
        return String.format(java.util.Locale.ROOT,
                "%s: %,d echoes in %.1f s = %,.0f msg/s; client CPU %.2f us/msg (%.0f%% of a core); server CPU"
                        + " %.2f us/msg%s",
                result.tags(), result.messages(), result.seconds(), result.messagesPerSecond(),
                result.clientCpuSeconds() * 1e6 / Math.max(1, result.messages()), 100 * result.clientCpuShare(),
                result.serverCpuMicrosPerMessage(), result.failedConnections() == 0 ? ""
                        : "; " + result.failedConnections() + " connections failed, first: " + result.firstError());
    }

    private static LoadResult failed(java.util.Map<String, String> tags, String error) {
        return new LoadResult(tags, 0, 1, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, 1,
                error);
    }

    private static void sleep(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
