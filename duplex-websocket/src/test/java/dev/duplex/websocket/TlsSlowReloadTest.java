package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.EveryEventLoop;
import dev.duplex.websocket.testkit.LoopbackListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Looking for changed certificate files reads them, and a read can wait (a file system that hangs, a named pipe): no
 * event loop may wait with it. Here the listener's certificate file is replaced by a named pipe that nobody writes
 * to, so reading it waits until the test writes; meanwhile connections on every event loop are served.
 */
@Timeout(120)
class TlsSlowReloadTest extends TlsTestSupport {
    private static final Duration BYSTANDER_DEADLINE = Duration.ofSeconds(5);
    private static final Duration RELOAD_INTERVAL = Duration.ofMillis(100);

    /** Whether some thread is reading the TLS files to look for changes. */
    private static boolean aReloadCheckIsUnderWay() {
        return Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream)
                .anyMatch(frame -> frame.getClassName().endsWith("ReloadingSslContext")
                        && frame.getMethodName().equals("digestOrNull"));
    }

    private static void makeNamedPipe(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
    }

    /**
     * Gives the reader waiting on the pipe {@code content}, then puts a plain file with it in the pipe's place, so no
     * later check waits.
     */
    private static void replacePipeWithFile(Path pipe, byte[] content) throws Exception {
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(pipe)) {
                out.write(content);
            } catch (IOException ignored) {
                // nobody read: the plain file below serves later readers
            }
        }, "named-pipe-writer");
        writer.setDaemon(true);
        writer.start();
        writer.join(Duration.ofSeconds(10).toMillis());
        Files.delete(pipe);
        Files.write(pipe, content);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void whileTheCertificateFileCannotBeReadYetConnectionsOnEveryEventLoopAreServed(TlsEngine engine)
            throws Exception {
        assumeThat(Path.of("/usr/bin/mkfifo")).as("mkfifo").exists();
        use(engine);
        Path certFile = dir.resolve("live.crt");
        Path keyFile = dir.resolve("live.key");
        SERVER.writeChain(certFile);
        SERVER.writeKey(keyFile);
        byte[] certificate = Files.readAllBytes(certFile);
        try (LoopbackListener bystanders = LoopbackListener.start("/echo", request -> new Echo())) {
            Listener listener = listen(ListenerSecureSocket.builder(new CertKey(certFile.toString(),
                    keyFile.toString())).reloadInterval(RELOAD_INTERVAL).build());
            Files.delete(certFile);
            makeNamedPipe(certFile);
            try {
                String url = "wss://localhost:" + listener.getPort() + "/echo";
                ClientConfiguration trusting = ClientConfiguration.builder().secureSocket(trustingCa()).build();
                await().atMost(Duration.ofSeconds(30)).pollInterval(RELOAD_INTERVAL).until(() -> {
                    CompletableFuture.runAsync(() -> {
                        try (Client client = new Client(url, trusting)) {
                            client.writeTextMessage("arriving");
                        } catch (WebSocketException ignored) {
                            // only its arrival matters: it makes the listener look at its files
                        }
                    });
                    return aReloadCheckIsUnderWay();
                });

                EveryEventLoop.assertServes(bystanders.uri("/echo"), BYSTANDER_DEADLINE,
                        "the listener waited to read its certificate file");
            } finally {
                replacePipeWithFile(certFile, certificate);
            }
        }
    }
}
