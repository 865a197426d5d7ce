package dev.duplex.websocket.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket peer written by somebody else (Node's {@code ws}, Python's {@code websockets}) running as a child
 * process for interop tests. The process prints {@code PORT <n>} once it listens on 127.0.0.1 and more lines as things
 * happen; it exits when its standard input closes, which {@link #close()} does (and the JVM's exit does too).
 *
 * <p>Thread safety: a daemon thread reads the process's output into a queue; the rest is for the test thread.
 */
public final class PeerProcess implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final int port;

    private PeerProcess(Process process) throws IOException {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "peer-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        String first = nextLineStartingWith("PORT ");
        this.port = Integer.parseInt(first.substring("PORT ".length()).trim());
    }

    /** Starts {@code command} in {@code directory} and waits for its {@code PORT} line. */
    public static PeerProcess start(Path directory, String... command) throws IOException {
        return start(directory, java.util.Map.of(), command);
    }

    /** Starts {@code command} in {@code directory} with extra environment variables; waits for its {@code PORT} line. */
    public static PeerProcess start(Path directory, java.util.Map<String, String> environment, String... command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            return new PeerProcess(process);
        } catch (IOException | RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Whether {@code command} runs and exits with 0 within 20 s (used to decide whether a test can run here). */
    public static boolean runs(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                seen.add(line);
                lines.add(line);
            }
        } catch (IOException ended) {
            // The process is gone.
        }
    }

    public int port() {
        return port;
    }

    /** {@code ws://127.0.0.1:port/}. */
    public String url() {
        return "ws://127.0.0.1:" + port + "/";
    }

    /**
     * The next output line starting with {@code prefix}, skipping others, waiting up to 15 s.
     *
     * @throws IOException when no such line comes (the message shows what the process printed)
     */
    public String nextLineStartingWith(String prefix) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line;
            try {
                line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (line == null) {
                break;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            skipped.add(line);
        }
        throw new IOException("no line starting with '" + prefix + "' within " + WAIT + "; the process "
                + (process.isAlive() ? "is running" : "exited with " + process.exitValue()) + " and printed " + seen);
    }

    /** Closes the process's standard input (it exits), then ends it by force if it is still there after 5 s. */
    @Override
    public void close() throws IOException {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
