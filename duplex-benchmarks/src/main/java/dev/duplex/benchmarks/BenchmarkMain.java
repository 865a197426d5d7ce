package dev.duplex.benchmarks;

import dev.duplex.benchmarks.fanout.FanoutGenerator;
import dev.duplex.benchmarks.fanout.FanoutReport;
import dev.duplex.benchmarks.fanout.FanoutServerKind;
import dev.duplex.benchmarks.load.IdleConnections;
import dev.duplex.benchmarks.client.ClientLoad;
import dev.duplex.benchmarks.client.ClientReport;
import dev.duplex.benchmarks.load.LoadGenerator;
import dev.duplex.benchmarks.load.LoadReport;
import dev.duplex.benchmarks.load.MemoryReport;
import dev.duplex.benchmarks.servers.EchoServer;
import dev.duplex.benchmarks.servers.ServerKind;
import dev.duplex.benchmarks.servers.VertxEchoServer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The entry point of {@code duplex-benchmarks.jar}:
 * <pre>
 * java -jar duplex-benchmarks.jar jmh [JMH options]          # micro-benchmarks (JMH's own command line)
 * java -jar duplex-benchmarks.jar cluster node|load|hold [options]   # the cluster benchmark (run-cluster.sh)
 * java -jar duplex-benchmarks.jar server KIND [--port 0]     # an echo server under test; prints "READY KIND port=N"
 * java -jar duplex-benchmarks.jar load --port N [options]    # the load generator (see LoadOptions.USAGE)
 * java -jar duplex-benchmarks.jar idle --port N [--source-addresses 8]   # holds idle connections (IdleConnections)
 * java -jar duplex-benchmarks.jar memory-report MEMORY_FILE [--reference netty-ws]   # scenario 5's tables
 * java -jar duplex-benchmarks.jar websocket-servers         # the server kinds that speak WebSocket, one a line
 * java -jar duplex-benchmarks.jar report RESULTS [--reference netty-ws]   # markdown table of result lines
 * java -jar duplex-benchmarks.jar client-load --client KIND --port N [options]   # one client's echo loops
 * java -jar duplex-benchmarks.jar client-report RESULTS      # markdown table of client-load result lines
 * java -jar duplex-benchmarks.jar server FANOUT_KIND         # a fan-out server (netty-fanout, duplex-caller-loop)
 * java -jar duplex-benchmarks.jar fanout --port N [options]  # the fan-out generator (see FanoutOptions.USAGE)
 * java -jar duplex-benchmarks.jar fanout-report RESULTS [--reference netty-fanout]   # fan-out tables
 * java -jar duplex-benchmarks.jar isolation [--silent 1000] [--rounds 1000]   # no service starves another
 * </pre>
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "cluster" -> dev.duplex.benchmarks.cluster.ClusterMain.main(rest);   // run-cluster.sh
            case "load" -> LoadGenerator.main(rest);
            case "idle" -> IdleConnections.main(rest);
            case "memory-report" -> MemoryReport.main(rest);
            case "websocket-servers" -> Arrays.stream(ServerKind.values()).filter(ServerKind::webSocket)
                    .forEach(kind -> System.out.println(kind.id()));
            case "report" -> LoadReport.main(rest);
            case "client-load" -> ClientLoad.main(rest);
            case "client-report" -> ClientReport.main(rest);
            case "fanout" -> FanoutGenerator.main(rest);
            case "fanout-report" -> FanoutReport.main(rest);
            case "isolation" -> dev.duplex.benchmarks.isolation.IsolationBenchmark.main(rest);
            case "server" -> serve(rest);
            default -> usage();
        }
    }

    /** Starts a server and keeps it until the process is stopped (SIGTERM runs the shutdown hook). */
    private static void serve(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
            return;
        }
        int port = args.length >= 3 && args[1].equals("--port") ? Integer.parseInt(args[2]) : 0;
        var fanout = FanoutServerKind.find(args[0]);
        AutoCloseable server;
        int boundPort;
        if (fanout.isPresent()) {
            var fanoutServer = fanout.get().start(port);
            server = fanoutServer;
            boundPort = fanoutServer.port();
        } else {
            EchoServer echo = ServerKind.of(args[0]).start(port);
            if (echo instanceof VertxEchoServer vertx) {
                System.out.println("vertx transport: " + (vertx.nativeTransport() ? "native epoll" : "NIO"));
            }
            server = echo;
            boundPort = echo.port();
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        System.out.println("READY " + args[0] + " port=" + boundPort);
        System.out.flush();
        stopped.await();
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar duplex-benchmarks.jar jmh [JMH options]
                       java -jar duplex-benchmarks.jar server KIND [--port 0]
                           KIND: duplex-worker, duplex-event-loop, netty-ws, netty-ws-deflate, raw-tcp, jetty, vertx,
                                 undertow; fan-out: netty-fanout, duplex-caller-loop
                       java -jar duplex-benchmarks.jar load --port N [options]
                       java -jar duplex-benchmarks.jar idle --port N [--source-addresses 8]   (commands on stdin)
                       java -jar duplex-benchmarks.jar report RESULTS_FILE [--reference netty-ws]
                       java -jar duplex-benchmarks.jar client-load --client \
                duplex-sync|duplex-sync-vt|duplex-push|duplex-push-loop|jdk|okhttp|netty --port N [load options]
                       java -jar duplex-benchmarks.jar client-report RESULTS_FILE
                       java -jar duplex-benchmarks.jar fanout --port N [options]
                       java -jar duplex-benchmarks.jar fanout-report RESULTS_FILE [--reference netty-fanout]
                       java -jar duplex-benchmarks.jar isolation [--silent 1000] [--rounds 1000] [--warmup 3000]""");
        System.exit(2);
    }
}
