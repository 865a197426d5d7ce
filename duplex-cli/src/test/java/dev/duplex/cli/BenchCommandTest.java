package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code duplex bench}, run in-process through {@link DuplexCommand#run}, against an echo service of the test. */
class BenchCommandTest {
    /** Echoes, counting what it receives. */
    public static final class Echo implements Service {
        private final AtomicLong texts;
        private final AtomicLong binaries;

        Echo(AtomicLong texts, AtomicLong binaries) {
            this.texts = texts;
            this.binaries = binaries;
        }

        public String onTextMessage(String text) {
            texts.incrementAndGet();
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            binaries.incrementAndGet();
            return data;
        }
    }

    /** Echoes ten messages, then closes. */
    public static final class ClosesAfterTen implements Service {
        private final AtomicInteger count = new AtomicInteger();

        public Object onTextMessage(String text) {
            return count.incrementAndGet() < 10 ? text : new CloseFrame(4002, "enough");
        }
    }

    /** Answers each message twice: not an echo service. */
    public static final class AnswersTwice implements Service {
        public void onTextMessage(Caller caller, String text) {
            caller.writeTextMessage(text);
            caller.writeTextMessage("and again: " + text);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AtomicLong texts = new AtomicLong();
    private final AtomicLong binaries = new AtomicLong();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Listener listener;

    @TempDir
    Path directory;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new Echo(texts, binaries));
        listener.attach("/closes", request -> new ClosesAfterTen());
        listener.attach("/twice", request -> new AnswersTwice());
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private int bench(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "bench";
        System.arraycopy(args, 0, command, 1, args.length);
        return DuplexCommand.run(command, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + listener.getPort() + path;
    }

    @Test
    void writesAJsonReportWhoseFiguresAgree() throws Exception {
        Path report = directory.resolve("bench.json");

        int exitCode = bench("-c", "2", "-f", "4", "-s", "32", "-d", "1s", "--warmup", "200ms", "--quiet",
                "--json", report.toString(), url("/echo"));

        assertThat(exitCode).as("stderr: %s", err).isZero();
        JsonNode json = JSON.readTree(Files.readString(report));
        assertThat(json.get("url").asString()).isEqualTo(url("/echo"));
        assertThat(json.get("connections").asInt()).isEqualTo(2);
        assertThat(json.get("inFlight").asInt()).isEqualTo(4);
        assertThat(json.get("size").asInt()).isEqualTo(32);
        assertThat(json.get("binary").asBoolean()).isFalse();
        double seconds = json.get("seconds").asDouble();
        long messages = json.get("messages").asLong();
        assertThat(seconds).isBetween(0.9, 5.0);
        assertThat(messages).isPositive().isLessThanOrEqualTo(texts.get());
        assertThat(json.get("messagesPerSecond").asDouble()).isCloseTo(messages / seconds, within(messages / seconds * 0.01 + 0.1));
        assertThat(json.get("megabytesPerSecond").asDouble())
                .isCloseTo(messages / seconds * 32 / 1e6, within(0.001 + messages / seconds * 32 / 1e6 * 0.01));
        JsonNode latency = json.get("latencyMicros");
        double p50 = latency.get("p50").asDouble();
        double p99 = latency.get("p99").asDouble();
        double p999 = latency.get("p999").asDouble();
        assertThat(p50).isPositive();
        assertThat(p99).isGreaterThanOrEqualTo(p50);
        assertThat(p999).isGreaterThanOrEqualTo(p99).isLessThan(5_000_000);
        assertThat(json.get("generatorCpuCores").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void printsASummaryTableOnStandardOutput() {
        int exitCode = bench("-c", "1", "-d", "300ms", "--warmup", "0s", "--quiet", url("/echo"));

        assertThat(exitCode).as("stderr: %s", err).isZero();
        assertThat(out.toString().lines().toList()).hasSize(2);
        assertThat(out.toString().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("connections", "size", "in-flight", "seconds", "messages", "msg/s", "MB/s", "p50",
                        "us", "p99", "us", "p99.9", "us", "cpu");
        assertThat(out.toString().lines().skip(1).findFirst().orElseThrow()).startsWith("1 ");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void showsProgressOnStandardErrorUnlessQuiet() {
        int exitCode = bench("-c", "1", "-d", "300ms", "--warmup", "0s", url("/echo"));

        assertThat(exitCode).isZero();
        assertThat(err.toString()).contains("msg/s", "MB/s");
    }

    @Test
    void sendsBinaryMessagesWithBinary() throws Exception {
        Path report = directory.resolve("bench.json");

        int exitCode = bench("-c", "1", "-s", "100", "-d", "300ms", "--warmup", "0s", "--binary", "--quiet",
                "--json", report.toString(), url("/echo"));

        assertThat(exitCode).as("stderr: %s", err).isZero();
        assertThat(binaries.get()).isPositive();
        assertThat(texts.get()).isZero();
        assertThat(JSON.readTree(Files.readString(report)).get("binary").asBoolean()).isTrue();
    }

    @Test
    void failsAtOnceWithExitCode1WhenTheServerClosesAConnection() {
        long started = System.nanoTime();

        int exitCode = bench("-c", "1", "-d", "20s", "--warmup", "0s", "--quiet", url("/closes"));

        assertThat(exitCode).isEqualTo(1);
        assertThat((System.nanoTime() - started) / 1e9).as("seconds taken").isLessThan(10);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("duplex: a connection failed while reading")
                .contains("4002");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void failsSayingItNeedsAnEchoServiceWhenTheServerSendsMoreThanOneReplyPerMessage() {
        int exitCode = bench("-c", "1", "-f", "4", "-d", "20s", "--warmup", "0s", "--quiet", url("/twice"));

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("duplex: ")
                .contains("echo service")
                .doesNotContain("Queue full");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void reportsARefusedConnectionInOneLineWithExitCode1() {
        int closedPort = listener.getPort();
        listener.immediateStop();

        int exitCode = bench("-d", "1s", "ws://127.0.0.1:" + closedPort + "/echo");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("duplex: cannot connect to ws://127.0.0.1:" + closedPort);
    }

    @Test
    void rejectsAMalformedDurationWithExitCode1() {
        int exitCode = bench("-d", "soon", url("/echo"));

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList())
                .containsExactly("duplex: --duration must be a duration such as 500ms, 2s or 1m, was 'soon'");
    }

    @Test
    void refusesZeroConnectionsNamingTheOptionWithExitCode2() {
        int exitCode = bench("-c", "0", url("/echo"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("duplex: --connections must be at least 1, was 0");
    }

    @Test
    void refusesAZeroDurationNamingTheOptionWithExitCode2() {
        int exitCode = bench("-d", "0", url("/echo"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("duplex: --duration must be positive, was '0'");
    }

    @Test
    void refusesAJsonReportPathInAMissingDirectoryBeforeTheRun() {
        Path missing = directory.resolve("no-such-directory").resolve("bench.json");

        int exitCode = bench("--json", missing.toString(), "-d", "1s", url("/echo"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("duplex: --json").contains("no-such-directory", "does not exist");
        assertThat(out.toString()).as("no run took place").isEmpty();
    }
}
