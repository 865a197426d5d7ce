package dev.duplex.websocket.redis.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real HAProxy (Debian's) as a child process, balancing a free port of 127.0.0.1 round-robin over some backends on
 * 127.0.0.1, with its configuration written to a temporary directory. Each backend is health-checked every
 * {@link #CHECK_INTERVAL} and taken out after one failed check, so that a killed node stops receiving new
 * connections within about that time. Stopped through its own process handle only.
 *
 * <p>Thread safety: for the test thread.
 */
public final class HaproxyProcess implements AutoCloseable {
    /** How often HAProxy checks each backend. */
    public static final Duration CHECK_INTERVAL = Duration.ofMillis(300);
    private static final Duration READY = Duration.ofSeconds(15);

    /** How HAProxy handles the connections. */
    public enum Mode {
        /** Plain TCP forwarding. */
        TCP,
        /** HTTP, with WebSocket upgrades passed through as tunnels. */
        HTTP
    }

    private final Process process;
    private final Path directory;
    private final int port;

    private HaproxyProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /**
     * Writes a configuration, checks it with {@code haproxy -c}, starts HAProxy in the foreground and waits until its
     * port accepts connections; skips the test when haproxy is not installed.
     *
     * @param mode     TCP or HTTP
     * @param backends the ports on 127.0.0.1 to balance over
     */
    public static HaproxyProcess start(Mode mode, List<Integer> backends) throws IOException, InterruptedException {
        Path executable = ExternalTool.HAPROXY.assumeInstalled();
        Path directory = Files.createTempDirectory("duplex-haproxy");
        int port = freePort();
        Path config = Files.writeString(directory.resolve("haproxy.cfg"), configuration(mode, port, backends));
        Process check = new ProcessBuilder(executable.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("check.log").toFile()).start();
        if (!check.waitFor(READY.toSeconds(), TimeUnit.SECONDS) || check.exitValue() != 0) {
            check.destroyForcibly();
            throw new AssertionError("haproxy -c refused " + config + ": " + Files.readString(
                    directory.resolve("check.log")));
        }
        Process process = new ProcessBuilder(executable.toString(), "-db", "-f", config.toString())
                .directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("haproxy.log").toFile()).start();
        HaproxyProcess haproxy = new HaproxyProcess(process, directory, port);
        await("haproxy listens on port " + port).atMost(READY).pollInterval(Duration.ofMillis(50))
                .until(haproxy::accepts);
        return haproxy;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** HAProxy's own output so far (for failure messages). */
    public String log() throws IOException {
        return Files.readString(directory.resolve("haproxy.log"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(READY.toSeconds(), TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new AssertionError("haproxy exited with " + process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String configuration(Mode mode, int port, List<Integer> backends) {
        StringBuilder config = new StringBuilder()
                .append("global\n  maxconn 4096\n\n")
                .append("defaults\n  mode ").append(mode == Mode.TCP ? "tcp" : "http").append('\n')
                .append("  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n  timeout tunnel 1h\n\n")
                .append("frontend duplex\n  bind 127.0.0.1:").append(port).append("\n  default_backend nodes\n\n")
                .append("backend nodes\n  balance roundrobin\n");
        for (int i = 0; i < backends.size(); i++) {
            config.append("  server node").append(i).append(" 127.0.0.1:").append(backends.get(i))
                    .append(" check inter ").append(CHECK_INTERVAL.toMillis()).append(" fall 1 rise 1\n");
        }
        return config.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
