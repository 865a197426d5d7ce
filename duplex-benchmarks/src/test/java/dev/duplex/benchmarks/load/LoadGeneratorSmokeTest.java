package dev.duplex.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.benchmarks.servers.EchoServer;
import dev.duplex.benchmarks.servers.ServerKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Keeps the load benchmark from rotting: a short run of the generator against servers started in-process on an
 * ephemeral port. Asserts only that messages flowed without a failed connection; the figures mean nothing here.
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
}
