package dev.duplex.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code duplex} command run as a separate JVM, as a user runs it from a shell: {@code java -cp <test class path>
 * dev.duplex.cli.DuplexCommand ...}. The test class path works in every phase of the build, where the shaded jar only
 * exists after {@code package}.
 *
 * <p>Thread safety: the output buffers are filled by one pump thread each and read under their own locks; the rest
 * is for the test thread.
 */
final class DuplexProcess implements AutoCloseable {
    /** How long any one command may take in a test before the test fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a finished command left behind. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    private final Process process;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final List<Thread> pumps = new ArrayList<>();

    private DuplexProcess(Process process) {
        this.process = process;
        pumps.add(pump(process.getInputStream(), stdout, "stdout"));
        pumps.add(pump(process.getErrorStream(), stderr, "stderr"));
    }

    /** Starts {@code duplex args...} with its standard input open for {@link #write(String)}. */
    static DuplexProcess start(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived command: start fast rather than run fast.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                // As bin/duplex does: Netty loads its native epoll library, which JDK 22+ warns about otherwise.
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                DuplexCommand.class.getName()));
        command.addAll(List.of(args));
        try {
            return new DuplexProcess(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code duplex args...} with {@code input} as its whole standard input, and waits for it to exit. */
    static Result run(String input, String... args) {
        try (DuplexProcess duplex = start(args)) {
            duplex.write(input);
            duplex.closeInput();
            return duplex.awaitExit();
        }
    }

    private static Thread pump(InputStream from, StringBuilder to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    synchronized (to) {
                        to.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException closed) {
                // The process ended.
            }
        }, "duplex-process-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Writes to the command's standard input and flushes. */
    void write(String text) {
        try {
            OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the command's standard input", e);
        }
    }

    /** Ends the command's standard input. */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Waits until standard output holds a match of {@code pattern}, and returns it. */
    Matcher awaitStdout(Pattern pattern) {
        await("duplex to print " + pattern).atMost(TIMEOUT)
                .failFast("duplex exited: " + stderr(), () -> !process.isAlive() && !pattern.matcher(stdout()).find())
                .until(() -> pattern.matcher(stdout()).find());
        Matcher matcher = pattern.matcher(stdout());
        matcher.find();
        return matcher;
    }

    /** Waits for the command to exit by itself; fails the test when it does not within {@link #TIMEOUT}. */
    Result awaitExit() {
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("duplex did not exit within " + TIMEOUT + "; stdout: " + stdout()
                        + "; stderr: " + stderr());
            }
            for (Thread pump : pumps) {
                pump.join(TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Result(process.exitValue(), stdout(), stderr());
    }

    /** Stops the command as Ctrl+C would (SIGTERM runs its shutdown hooks) and waits for it to exit. */
    Result stop() {
        process.destroy();
        return awaitExit();
    }

    /** The command's process id. */
    long pid() {
        return process.pid();
    }

    /** Kills the command as {@code kill -9 <pid>} does (SIGKILL: no shutdown hooks) and waits for it to end. */
    void killForcibly() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("duplex (pid " + process.pid() + ") did not die within " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the command if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
