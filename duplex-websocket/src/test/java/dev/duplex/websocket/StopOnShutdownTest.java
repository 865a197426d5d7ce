package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server program as users write it: its {@code main} starts a listener, opts into {@link Listener#stopOnShutdown},
 * and blocks in {@link Listener#awaitTermination()}. Run as its own JVM and sent SIGTERM ({@link Process#destroy()}),
 * as {@code docker stop}, systemd or Kubernetes do, it stops gracefully and exits with status 0.
 */
@Timeout(60)
class StopOnShutdownTest {
    @TempDir
    Path directory;
    private Process server;

    /** The program under test: echoes text at {@code /echo} on a free loopback port, which it prints first. */
    public static final class EchoUntilStopped {
        /** Echoes every text message. */
        public static final class Echo implements Service {
            public String onTextMessage(String text) {
                return text;
            }
        }

        public static void main(String[] args) throws InterruptedException {
            var listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
            listener.attach("/echo", request -> new Echo());
            listener.stopOnShutdown(Duration.ofSeconds(5));
            listener.start();
            System.out.println("PORT " + listener.getPort());
            listener.awaitTermination();
        }
    }

    @AfterEach
    void endTheServer() {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
    }

    /** Starts {@code program}'s main in a new JVM writing its standard output to {@code output}. */
    private static Process startInItsOwnJvm(Class<?> program, Path output) throws IOException {
        // A file, not a pipe: destroy() closes the pipes.
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                program.getName()))
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Test
    void onSigtermAConnectedClientSees1001AndTheProgramExitsWithStatus0()
            throws Exception {
        Path output = directory.resolve("stdout.txt");
        server = startInItsOwnJvm(EchoUntilStopped.class, output);
        String port = await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.readAllLines(output).stream().filter(line -> line.startsWith("PORT "))
                        .map(line -> line.substring(5).trim()).findFirst(), Optional::isPresent)
                .orElseThrow();

        try (Client client = new Client("ws://127.0.0.1:" + port + "/echo")) {
            client.writeTextMessage("before the stop");
            assertThat(client.readTextMessage()).isEqualTo("before the stop");

            server.destroy();

            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class,
                            closed -> assertThat(closed.closeCode()).isEqualTo(1001));
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exited").isTrue();
        assertThat(server.exitValue()).isZero();
    }
}
