package dev.duplex.benchmarks.isolation;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.internal.dispatch.Workers;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * "No service can starve another" (issue 13), measured: how long a user of an unrelated echo service waits to
 * connect, send one message, read its echo and close, first on an otherwise idle listener, then while
 * {@code --silent} peers of another service each hold that service's method in {@code Caller.close()}, waiting for a
 * close frame they never send. The service runs in the default dispatch mode (WORKER: virtual threads on JDK 21+, the
 * platform pool on JDK 17); the listener, the silent peers and the echo user share one JVM.
 *
 * <pre>
 * java -jar duplex-benchmarks.jar isolation [--silent 1000] [--rounds 1000] [--warmup 3000]
 * </pre>
 *
 * Prints one {@code RESULT} line: the median and 90th percentile of the connect-and-echo time in both phases and
 * their ratios (loaded ÷ idle). Issue 13's goal is a ratio within 2 on JDK 17 and 25. The warm-up rounds come first
 * so that both phases run compiled code (with 300 of them the idle phase was still being compiled and came out slower
 * than the loaded one).
 */
public final class IsolationBenchmark {
    /** How long a blocked {@code close()} waits for the peer: longer than the measured phase ever takes. */
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(5);

    private IsolationBenchmark() {
    }

    /** Closes each connection from its first message and waits for the peer's close frame. */
    public static final class ClosingService implements Service {
        private final CountDownLatch started;

        ClosingService(CountDownLatch started) {
            this.started = started;
        }

        public void onTextMessage(Caller caller, String text) {
            started.countDown();
            try {
                caller.close(1000, "bye", CLOSE_WAIT);
            } catch (ConnectionClosureException peerNeverAnswered) {
                // When the peers drop at the end.
            }
        }
    }

    /** Echoes text. */
    public static final class EchoService implements Service {
        public String onTextMessage(Caller caller, String text) {
            return text;
        }
    }

    public static void main(String[] args) throws Exception {
        int silent = option(args, "--silent", 1000);
        int rounds = option(args, "--rounds", 1000);
        int warmup = option(args, "--warmup", 3000);
        System.out.println(run(silent, rounds, warmup).line());
    }

    /**
     * The sorted connect-and-echo times, in nanoseconds, on the idle listener and with the silent peers.
     *
     * @param silent how many peers hold a closing method each
     * @param rounds how many connect-and-echo sequences each phase times
     */
    record Result(int silent, long[] idle, long[] loaded) {
        /** The {@code RESULT} line. */
        String line() {
            double idle50 = percentile(idle, 0.5);
            double idle90 = percentile(idle, 0.9);
            double loaded50 = percentile(loaded, 0.5);
            double loaded90 = percentile(loaded, 0.9);
            return String.format(Locale.ROOT, "RESULT java=%s workers=%s silent=%d rounds=%d idle_p50_ms=%.3f "
                            + "idle_p90_ms=%.3f loaded_p50_ms=%.3f loaded_p90_ms=%.3f loaded_max_ms=%.3f "
                            + "ratio_p50=%.2f ratio_p90=%.2f",
                    System.getProperty("java.specification.version"), Workers.virtual() ? "virtual" : "platform",
                    silent, loaded.length, idle50, idle90, loaded50, loaded90, loaded[loaded.length - 1] / 1e6,
                    loaded50 / idle50, loaded90 / idle90);
        }
    }

    /** Runs both phases on a listener of its own and stops it. */
    static Result run(int silent, int rounds, int warmup) throws Exception {
        var started = new CountDownLatch(silent);
        var listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/closing", request -> new ClosingService(started));
        listener.attach("/echo", request -> new EchoService());
        listener.start();
        try {
            String echo = "ws://127.0.0.1:" + listener.getPort() + "/echo";
            connectAndEcho(echo, warmup);
            long[] idle = connectAndEcho(echo, rounds);
            try (var peers = SilentPeers.open(listener.getPort(), "/closing", silent, "close me")) {
                if (!started.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(started.getCount() + " closing methods never started");
                }
                return new Result(silent, idle, connectAndEcho(echo, rounds));
            }
        } finally {
            listener.immediateStop();
        }
    }

    /** Times {@code rounds} connect, echo and close sequences, one after the other, in nanoseconds. */
    private static long[] connectAndEcho(String url, int rounds) {
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            try (var client = new Client(url)) {
                client.writeTextMessage("still here");
                String reply = client.readTextMessage();
                if (!reply.equals("still here")) {
                    throw new IllegalStateException("wrong echo: " + reply);
                }
            }
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times;
    }

    /** The value at {@code fraction} of sorted nanoseconds, in milliseconds. */
    private static double percentile(long[] sorted, double fraction) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
