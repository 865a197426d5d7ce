package dev.duplex.benchmarks.cluster;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server child process for the cluster smoke test, on a free port of 127.0.0.1 without persistence.
 * Skips the test when redis-server is not installed, naming {@code .ci/install-test-tools} (fails instead when
 * {@code DUPLEX_REQUIRE_TEST_TOOLS=true}), as the Redis module's tests do. For the test thread.
 */
final class RedisForBenchmarkTest implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisForBenchmarkTest(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisForBenchmarkTest start() throws IOException {
        Path executable = executable();
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path directory = Files.createTempDirectory("duplex-cluster-bench");
        Process process = new ProcessBuilder(executable.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
        var redis = new RedisForBenchmarkTest(process, port);
        Awaitility.await("redis-server on port " + port).atMost(15, TimeUnit.SECONDS)
                .until(() -> process.isAlive() && redis.accepts());
        return redis;
    }

    private static Path executable() {
        Optional<Path> found = Stream.concat(
                        Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)),
                        Stream.of("/usr/sbin", "/usr/bin", "/sbin"))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "redis-server")).filter(Files::isExecutable).findFirst();
        String absence = "redis-server is not installed; .ci/install-test-tools installs Debian's redis-server package";
        if (found.isEmpty() && "true".equals(System.getenv("DUPLEX_REQUIRE_TEST_TOOLS"))) {
            throw new AssertionError(absence);
        }
        Assumptions.assumeTrue(found.isPresent(), absence);
        return found.orElseThrow();
    }

    private boolean accepts() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

}
