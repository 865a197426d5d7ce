package dev.duplex.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.duplex.benchmarks.servers.EchoServer;
import dev.duplex.benchmarks.servers.ServerKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Keeps the load benchmark from rotting: a short run of the generator in each of its modes (closed loop, open loop at a
 * rate, handshakes, idle connections) against servers started in-process on an ephemeral port. Asserts only that the
 * mode did its work without a failure; the figures mean nothing here.
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
