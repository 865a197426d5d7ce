package dev.duplex.cli;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code duplex bench URL}: a load generator for echo servers. Each connection keeps {@code --in-flight} messages
 * outstanding; a reply completes the oldest one (echo order) and its round trip is recorded. Prints a live progress
 * line, then a summary (messages/s, MB/s, latency p50/p99/p99.9), and optionally writes a JSON report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Drive an echo server with load and report throughput and latency.")
final class BenchCommand implements Runnable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @Parameters(index = "0", description = "ws:// or wss:// URL of an echo service.")
    String url;

    /** Why a run stops when the server answers more than it was sent. */
    private static final String NOT_AN_ECHO = "the server sent messages that answer none sent: bench needs an echo"
            + " service, which sends exactly one reply per message";

    @Option(names = {"-c", "--connections"}, defaultValue = "10", description = "Connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-s", "--size"}, defaultValue = "64", description = "Message size in bytes. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = {"-f", "--in-flight"}, defaultValue = "1",
            description = "Messages outstanding per connection. Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", description = "Measured time. Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--warmup", defaultValue = "2s", description = "Unmeasured time first. Default: ${DEFAULT-VALUE}.")
    String warmup;

    @Option(names = "--binary", description = "Send binary messages instead of text.")
    boolean binary;

    @Option(names = "--json", description = "Write a JSON report to this file.")
    Path json;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** The first failure of a connection's reader or writer thread; ends the run early, and the command fails. */
    private final AtomicReference<String> failure = new AtomicReference<>();

    /** One connection's loop state. */
    private final class Connection {
        final Client client;
        final Semaphore window = new Semaphore(inFlight);
        final ArrayBlockingQueue<Long> sentAt = new ArrayBlockingQueue<>(inFlight + 1);
        final LatencyHistogram histogram = new LatencyHistogram();
        final AtomicLong measured = new AtomicLong();

        Connection(Client client) {
            this.client = client;
        }
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionChecks.atLeastOne(spec, "--connections", connections);
        OptionChecks.atLeastOne(spec, "--in-flight", inFlight);
        if (size < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--size cannot be negative, was "
                    + size);
        }
        Duration measuredTime = Durations.parse(duration, "--duration");
        if (measuredTime.isZero()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--duration must be positive, was '"
                    + duration + "'");
        }
        Duration warmupTime = Durations.parse(warmup, "--warmup");
        if (json != null) {
            OptionChecks.writableFile(spec, "--json", json);
        }
        int limit = Math.max(size + 1024, 65536);
        var config = ClientConfiguration.builder().maxFrameSize(limit).maxMessageSize(limit)
                .inboundQueueCapacity(Math.max(16, inFlight * 2)).build();
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        String text = new String(payload, StandardCharsets.US_ASCII);

        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(new Connection(new Client(url, config)));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean measuring = new AtomicBoolean(false);
            List<Thread> threads = new ArrayList<>();
            for (Connection connection : open) {
                threads.add(start("writer", () -> writeLoop(connection, running, text, payload)));
                threads.add(start("reader", () -> readLoop(connection, running, measuring)));
            }
            sleep(warmupTime);
            // Measured from here on, CPU time included: the warmup's JIT compiling is not the steady cost.
            long cpuBefore = cpuNanos();
            measuring.set(true);
            long start = System.nanoTime();
            long end = SaturatingDurations.deadline(start, measuredTime);
            long lastCount = 0;
            long lastTime = start;
            while (System.nanoTime() < end && failure.get() == null) {
                sleep(Duration.ofNanos(Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(1, end - System.nanoTime()))));
                long now = System.nanoTime();
                long count = total(open);
                if (!quiet) {
                    double rate = (count - lastCount) / ((now - lastTime) / 1e9);
                    err.printf(Locale.ROOT, "\r[%5.1fs] %,12.0f msg/s %9.2f MB/s", (now - start) / 1e9, rate,
                            rate * size / 1e6);
                    err.flush();
                }
                lastCount = count;
                lastTime = now;
            }
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            long cpu = cpuNanos() - cpuBefore;
            running.set(false);
            if (!quiet) {
                err.println();
                err.flush();
            }
            for (Connection connection : open) {
                connection.window.release(inFlight);
            }
            LatencyHistogram all = new LatencyHistogram();
            long messages = 0;
            for (Connection connection : open) {
                messages += connection.measured.get();
            }
            for (Connection connection : open) {
                try {
                    connection.client.close(1000, "", Duration.ofSeconds(2));
                } catch (RuntimeException alreadyClosed) {
                    // The server may have closed first; the figures are complete.
                }
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            for (Connection connection : open) {
                all.add(connection.histogram);
            }
            if (failure.get() != null) {
                throw new IllegalStateException(failure.get());
            }
            report(out, messages, elapsed, all, cpu);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Connection connection : open) {
                try {
                    connection.client.close();
                } catch (RuntimeException ignored) {
                    // Already closed.
                }
            }
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, "duplex-bench-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void writeLoop(Connection connection, AtomicBoolean running, String text, byte[] payload) {
        try {
            while (running.get()) {
                connection.window.acquire();
                if (!running.get()) {
                    return;
                }
                if (!connection.sentAt.offer(System.nanoTime())) {
                    // More permits than messages outstanding: replies arrived that answer nothing sent.
                    failure.compareAndSet(null, NOT_AN_ECHO);
                    running.set(false);
                    return;
                }
                if (binary) {
                    connection.client.writeBinaryMessage(payload);
                } else {
                    connection.client.writeTextMessage(text);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException stopped) {
            if (running.get()) {
                failure.compareAndSet(null, "a connection failed while sending: " + stopped.getMessage());
                running.set(false);
            }
        }
    }

    private void readLoop(Connection connection, AtomicBoolean running, AtomicBoolean measuring) {
        try {
            while (true) {
                connection.client.readMessage();
                Long sent = connection.sentAt.poll();
                long now = System.nanoTime();
                if (sent == null) {
                    // Each message sent records its time before it goes out, so a reply always finds one: this
                    // message answers nothing sent.
                    if (running.get()) {
                        failure.compareAndSet(null, NOT_AN_ECHO);
                        running.set(false);
                        connection.window.release();
                    }
                    return;
                }
                if (sent != null && measuring.get()) {
                    connection.histogram.record(now - sent);
                    connection.measured.incrementAndGet();
                }
                connection.window.release();
            }
        } catch (RuntimeException closed) {
            if (running.get()) {
                failure.compareAndSet(null, "a connection failed while reading: " + closed.getMessage());
                running.set(false);
            }
        }
    }

    private static long total(List<Connection> open) {
        long sum = 0;
        for (Connection connection : open) {
            sum += connection.measured.get();
        }
        return sum;
    }

    private static long cpuNanos() {
        var bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private void report(PrintWriter out, long messages, long elapsedNanos, LatencyHistogram latency, long cpuNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = messages / seconds;
        double megabytes = rate * size / 1e6;
        double p50 = latency.valueAt(0.50) / 1e3;
        double p99 = latency.valueAt(0.99) / 1e3;
        double p999 = latency.valueAt(0.999) / 1e3;
        double cpu = cpuNanos / 1e9 / seconds;
        out.printf(Locale.ROOT, "%-12s %6s %9s %9s %12s %14s %9s %10s %10s %10s %8s%n", "connections", "size",
                "in-flight", "seconds", "messages", "msg/s", "MB/s", "p50 us", "p99 us", "p99.9 us", "cpu");
        out.printf(Locale.ROOT, "%-12d %6d %9d %9.1f %12d %14.0f %9.2f %10.1f %10.1f %10.1f %8.2f%n", connections,
                size, inFlight, seconds, messages, rate, megabytes, p50, p99, p999, cpu);
        out.flush();
        if (json != null) {
            ObjectNode report = JSON.createObjectNode();
            report.put("url", url);
            report.put("connections", connections);
            report.put("size", size);
            report.put("inFlight", inFlight);
            report.put("binary", binary);
            report.put("seconds", round(seconds, 3));
            report.put("messages", messages);
            report.put("messagesPerSecond", round(rate, 1));
            report.put("megabytesPerSecond", round(megabytes, 3));
            ObjectNode latencyMicros = report.putObject("latencyMicros");
            latencyMicros.put("p50", round(p50, 1));
            latencyMicros.put("p99", round(p99, 1));
            latencyMicros.put("p999", round(p999, 1));
            report.put("generatorCpuCores", round(cpu, 3));
            try {
                Files.writeString(json, JSON.writeValueAsString(report) + System.lineSeparator());
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the report to " + json + ": " + e.getMessage(), e);
            }
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(SaturatingDurations.toNanos(duration));
    }
}
