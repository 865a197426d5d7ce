package dev.duplex.websocket.redis.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian's) as a child process on a free port of 127.0.0.1, with no persistence
 * ({@code --save "" --appendonly no}) and its working folder in a temporary directory. It can be stopped and started
 * again on the same port (the Redis-restart fault), and is only ever signalled through its own process handle.
 *
 * <p>Thread safety: for the test thread.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(15);
    private static final Duration EXIT = Duration.ofSeconds(10);

    private final Path executable;
    private final Path directory;
    private final int port;
    private Process process;

    private RedisServerProcess(Path executable, Path directory, int port) {
        this.executable = executable;
        this.directory = directory;
        this.port = port;
    }

    /**
     * Starts a server on a free port and waits until it answers {@code PING}; skips the test when redis-server is not
     * installed (see {@link ExternalTool#assumeInstalled()}).
     */
    public static RedisServerProcess start() throws IOException {
        Path executable = ExternalTool.REDIS_SERVER.assumeInstalled();
        RedisServerProcess server = new RedisServerProcess(executable, Files.createTempDirectory("duplex-redis"),
                freePort());
        server.startAgain();
        return server;
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** A Redis URI of this server. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once (SIGKILL to its own process), as a crash would, and waits until it has exited. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server (pid " + process.pid() + ") did not exit within " + EXIT);
        }
    }

    /** Starts the server again, empty, on the same port, and waits until it answers {@code PING}. */
    public void startAgain() throws IOException {
        List<String> command = List.of(executable.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString());
        process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile()).start();
        await("redis-server on port " + port + " answers PING").atMost(READY).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("redis-server exited with " + process.exitValue() + ": "
                                + Files.readString(directory.resolve("redis.log")));
                    }
                    return answersPing();
                });
    }

    /** Whether the server replies {@code +PONG} to an inline {@code PING} now. */
    public boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
