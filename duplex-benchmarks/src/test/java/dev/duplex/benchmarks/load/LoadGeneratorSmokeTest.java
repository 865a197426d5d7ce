package dev.duplex.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.duplex.benchmarks.servers.EchoServer;
import dev.duplex.benchmarks.servers.ServerKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the load benchmark from rotting: a short run of the generator in each of its modes (closed loop, open loop at a
 * rate, handshakes, idle connections) against servers started in-process on an ephemeral port. Asserts only that the
 * mode did its work without a failure; the figures mean nothing here. The compression tests also keep
 * {@link ServerKind#deflate()} (and so run-load.sh's DEFLATE_SERVERS) true.
 */
class LoadGeneratorSmokeTest {

    private static LoadResult runAgainst(ServerKind kind, boolean text, int size) throws Exception {
        try (EchoServer server = kind.start(0)) {
            return LoadGenerator.run(LoadOptions.builder()
                    .port(server.port())
                    .connections(4)
                    .messageSize(size)
                    .text(text)
                    .depth(2)
                    .raw(!kind.webSocket())
                    .warmup(Duration.ofMillis(300))
                    .duration(Duration.ofMillis(1200))
                    .tag("server", kind.id())
                    .build());
        }
    }

    /** A shorter run (half a second of load) on a server already started; with {@code deflate}, compressed. */
    private static LoadResult briefRun(EchoServer server, boolean text, int size, boolean deflate) throws Exception {
        return LoadGenerator.run(LoadOptions.builder()
                .port(server.port())
                .connections(4)
                .messageSize(size)
                .text(text)
                .depth(2)
                .deflate(deflate)
                .warmup(Duration.ofMillis(100))
                .duration(Duration.ofMillis(400))
                .build());
    }

    private static void assertMessagesFlowed(LoadResult result, int size) {
        assertThat(result.failedConnections()).as(result.summary()).isZero();
        assertThat(result.messages()).as(result.summary()).isPositive();
        assertThat(result.payloadBytes()).as(result.summary()).isEqualTo(result.messages() * size);
    }

    @Test
    void generatorExchangesTextMessagesWithTheDuplexEcho() throws Exception {
        LoadResult result = runAgainst(ServerKind.DUPLEX_WORKER, true, 64);

        assertThat(result.failedConnections()).as(result.summary()).isZero();
        assertThat(result.messages()).as(result.summary()).isPositive();
        assertThat(result.p50Micros()).isPositive();
    }

    @Test
    void generatorExchangesLargeBinaryMessagesWithTheDuplexEchoOnTheEventLoop() throws Exception {
        LoadResult result = runAgainst(ServerKind.DUPLEX_EVENT_LOOP, false, 200_000);

        assertThat(result.failedConnections()).as(result.summary()).isZero();
        assertThat(result.messages()).as(result.summary()).isPositive();
        assertThat(result.payloadBytes()).isEqualTo(result.messages() * 200_000);
    }

    @Test
    void generatorCountsEchoedFramesFromTheRawTcpEcho() throws Exception {
        LoadResult result = runAgainst(ServerKind.RAW_TCP, false, 1000);

        assertThat(result.failedConnections()).as(result.summary()).isZero();
        assertThat(result.messages()).as(result.summary()).isPositive();
    }

    @Test
    void generatorExchangesTextAndLargeBinaryMessagesWithTheVertxEcho() throws Exception {
        try (EchoServer server = ServerKind.VERTX.start(0)) {
            assertMessagesFlowed(briefRun(server, true, 64, false), 64);
            assertMessagesFlowed(briefRun(server, false, 200_000, false), 200_000);
        }
    }

    @Test
    void openLoopSendsAtTheGivenRateAndEveryMessageDueInTheWindowIsEchoed() throws Exception {
        LoadResult result;
        try (EchoServer server = ServerKind.DUPLEX_EVENT_LOOP.start(0)) {
            result = LoadGenerator.run(LoadOptions.builder()
                    .port(server.port())
                    .connections(4)
                    .rate(2000)
                    .warmup(Duration.ofMillis(200))
                    .duration(Duration.ofMillis(800))
                    .build());
        }

        assertThat(result.failedConnections()).as(result.summary()).isZero();
        assertThat(result.mode()).isEqualTo(LoadResult.MODE_RATE);
        // 2,000 msg/s over 4 connections: one due every 2 ms on each, 400 per connection in the 0.8 s window,
        // whatever its phase.
        assertThat(result.sent()).as(result.summary()).isBetween(1596L, 1604L);
        assertThat(result.unanswered()).as(result.summary()).isZero();
        assertThat(result.achievedRate()).as(result.summary()).isCloseTo(2000, within(20.0));
        assertThat(result.p50Micros()).isPositive().isLessThanOrEqualTo(result.p999Micros());
    }

    @Test
    void handshakeModeCountsOpenUpgradeCloseCyclesAgainstTheNettyReference() throws Exception {
        LoadResult result = handshakes(ServerKind.NETTY_WEBSOCKET);

        assertThat(result.failedConnections()).as(result.summary()).isZero();
        assertThat(result.mode()).isEqualTo(LoadResult.MODE_HANDSHAKES);
        assertThat(result.messages()).as(result.summary()).isPositive();
        assertThat(result.p50Micros()).isPositive();
    }

    @Test
    void handshakeModeCountsOpenUpgradeCloseCyclesAgainstTheDuplexEcho() throws Exception {
        LoadResult result = handshakes(ServerKind.DUPLEX_EVENT_LOOP);

        assertThat(result.failedConnections()).as(result.summary()).isZero();
        assertThat(result.messages()).as(result.summary()).isPositive();
    }

    private static LoadResult handshakes(ServerKind kind) throws Exception {
        try (EchoServer server = kind.start(0)) {
            return LoadGenerator.run(LoadOptions.builder()
                    .port(server.port())
                    .connections(4)
                    .handshakes(true)
                    .sourceAddresses(2)
                    .warmup(Duration.ofMillis(200))
                    .duration(Duration.ofMillis(600))
                    .build());
        }
    }

    @Test
    void generatorExchangesTextAndLargeBinaryMessagesWithTheUndertowEcho() throws Exception {
        try (EchoServer server = ServerKind.UNDERTOW.start(0)) {
            assertMessagesFlowed(briefRun(server, true, 64, false), 64);
            assertMessagesFlowed(briefRun(server, false, 200_000, false), 200_000);
        }
    }

    static Stream<ServerKind> serversThatAgreeToDeflate() {
        return Arrays.stream(ServerKind.values()).filter(ServerKind::deflate);
    }

    static Stream<ServerKind> webSocketServersThatDoNotAgreeToDeflate() {
        return Arrays.stream(ServerKind.values()).filter(kind -> kind.webSocket() && !kind.deflate());
    }

    /** 4 KiB: above Duplex's 256-byte threshold, so its echoes come back compressed too. */
    @ParameterizedTest
    @MethodSource("serversThatAgreeToDeflate")
    void serverThatAgreesToDeflateEchoesTheGeneratorsCompressedMessages(ServerKind kind) throws Exception {
        try (EchoServer server = kind.start(0)) {
            assertMessagesFlowed(briefRun(server, true, 4096, true), 4096);
        }
    }

    @ParameterizedTest
    @MethodSource("webSocketServersThatDoNotAgreeToDeflate")
    void failsEveryConnectionWhenTheServerDoesNotAgreeToPermessageDeflate(ServerKind kind) throws Exception {
        try (EchoServer server = kind.start(0)) {
            LoadResult result = briefRun(server, true, 64, true);

            assertThat(result.failedConnections()).as(result.summary()).isEqualTo(4);
            assertThat(result.firstError()).contains("did not agree to permessage-deflate");
        }
    }

    @Test
    void idleConnectionsStayOpenAfterTheirHandshakesUntilClosed() throws Exception {
        try (EchoServer server = ServerKind.DUPLEX_EVENT_LOOP.start(0)) {
            var idle = new IdleConnections(LoadOptions.builder().port(server.port()).sourceAddresses(3).build());
            try {
                IdleConnections.Status first = idle.openUpTo(120);
                IdleConnections.Status second = idle.openUpTo(200);

                assertThat(first.open()).as(first.toString()).isEqualTo(120);
                assertThat(second.open()).as(second.toString()).isEqualTo(200);
                assertThat(second.failed()).as(second.toString()).isZero();
            } finally {
                idle.close();
            }
            assertThat(idle.status().open()).as(idle.status().toString()).isZero();
        }
    }
}
