package dev.duplex.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.benchmarks.servers.EchoServer;
import dev.duplex.benchmarks.servers.ServerKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the load benchmark from rotting: a short run of the generator against servers started in-process on an
 * ephemeral port. Asserts only that messages flowed without a failed connection; the figures mean nothing here.
 * The compression tests also keep {@link ServerKind#deflate()} (and so run-load.sh's DEFLATE_SERVERS) true.
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
}
