package dev.duplex.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.benchmarks.load.LoadOptions;
import dev.duplex.benchmarks.load.LoadResult;
import dev.duplex.benchmarks.servers.EchoServer;
import dev.duplex.benchmarks.servers.ServerKind;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the client benchmark from rotting: every client runs its echo loop for a moment against the raw Netty echo
 * started in-process on an ephemeral port. A run fails when a connection failed or no echo came back in the
 * measured window, so a broken echo loop fails here; the figures mean nothing.
 */
class ClientLoadSmokeTest {
    private static EchoServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerKind.NETTY_WEBSOCKET.start(0);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Every client this JVM can run: the virtual-thread client needs JDK 21 (on 17 it is not a case at all). */
    static Stream<ClientKind> clientsOfThisJvm() {
        return Arrays.stream(ClientKind.values()).filter(ClientKind::available);
    }

    private static LoadResult run(ClientKind kind, boolean text, int size) throws Exception {
        return ClientLoad.run(kind, LoadOptions.builder()
                .port(server.port())
                .connections(3)
                .messageSize(size)
                .text(text)
                .warmup(Duration.ofMillis(200))
                .duration(Duration.ofMillis(500))
                .build());
    }

    @ParameterizedTest
    @MethodSource("clientsOfThisJvm")
    void everyClientEchoesTextMessagesInALoop(ClientKind kind) throws Exception {

        LoadResult result = run(kind, true, 64);

        assertThat(result.failedConnections()).as(ClientLoad.summary(result)).isZero();
        assertThat(result.messages()).as(ClientLoad.summary(result)).isPositive();
        assertThat(result.payloadBytes()).isEqualTo(result.messages() * 64);
    }

    @ParameterizedTest
    @MethodSource("clientsOfThisJvm")
    void everyClientEchoesLargeBinaryMessagesInALoop(ClientKind kind) throws Exception {

        LoadResult result = run(kind, false, 16_384);

        assertThat(result.failedConnections()).as(ClientLoad.summary(result)).isZero();
        assertThat(result.messages()).as(ClientLoad.summary(result)).isPositive();
    }
}
