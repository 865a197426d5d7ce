package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.testkit.RawWebSocket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Metrics through Micrometer ({@code ListenerConfiguration.metrics}, {@code ClientConfiguration.metrics}), checked
 * after a scripted exchange with a {@link SimpleMeterRegistry}; and the SLF4J MDC that names the connection while a
 * service method runs.
 */
class MetricsTest {
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    /** Answers with the MDC's connection id and the caller's, so the test can compare them. */
    public static class MdcReporter implements Service {
        public String onTextMessage(Caller caller, String text) {
            return MDC.get("duplex.connection") + " " + caller.getConnectionId();
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Listener listener;
    private int port;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").metrics(registry).build());
        listener.attach("/echo", request -> new Echo());
        listener.attach("/mdc", request -> new MdcReporter());
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private double open(String side) {
        var gauge = registry.find("duplex.connections.open").tag("side", side).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    @Test
    void countsHandshakesMessagesBytesClosesAndDispatchesOfAScriptedExchange() throws Exception {
        var clientConfig = ClientConfiguration.builder().metrics(registry).build();
        try (var client = new Client("ws://127.0.0.1:" + port + "/echo", clientConfig)) {
            // The server counts its connection once its WebSocket handler is in place, just after the 101 left.
            await().atMost(Duration.ofSeconds(5)).until(() -> open("server") == 1);
            assertThat(open("client")).isEqualTo(1);
            client.writeTextMessage("hello");
            assertThat(client.readTextMessage()).isEqualTo("hello");
            client.writeTextMessage("h\u00e9llo");
            assertThat(client.readTextMessage()).isEqualTo("h\u00e9llo");
            client.writeBinaryMessage(new byte[10]);
            assertThat(client.readBinaryMessage()).hasSize(10);
        }
        assertThatThrownBy(() -> new Client("ws://127.0.0.1:" + port + "/missing", clientConfig))
                .isInstanceOf(InvalidHandshakeException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> open("server") == 0 && open("client") == 0);

        assertThat(count("duplex.handshakes", "side", "server", "outcome", "accepted", "status", "101")).isEqualTo(1);
        assertThat(count("duplex.handshakes", "side", "server", "outcome", "refused", "status", "404")).isEqualTo(1);
        assertThat(count("duplex.handshakes", "side", "client", "status", "101")).isEqualTo(1);
        assertThat(count("duplex.handshakes", "side", "client", "status", "404")).isEqualTo(1);

        assertThat(count("duplex.messages.received", "side", "server", "type", "text")).isEqualTo(2);
        assertThat(count("duplex.bytes.received", "side", "server", "type", "text")).isEqualTo(11);
        assertThat(count("duplex.messages.received", "side", "server", "type", "binary")).isEqualTo(1);
        assertThat(count("duplex.bytes.received", "side", "server", "type", "binary")).isEqualTo(10);
        assertThat(count("duplex.messages.sent", "side", "server", "type", "text")).isEqualTo(2);
        assertThat(count("duplex.bytes.sent", "side", "server", "type", "text")).isEqualTo(11);
        assertThat(count("duplex.messages.sent", "side", "client", "type", "text")).isEqualTo(2);
        assertThat(count("duplex.messages.received", "side", "client", "type", "binary")).isEqualTo(1);
        assertThat(count("duplex.messages.sent", "side", "client", "type", "close")).isEqualTo(1);
        assertThat(count("duplex.messages.received", "side", "server", "type", "close")).isEqualTo(1);

        assertThat(count("duplex.closes", "side", "server", "code", "1000")).isEqualTo(1);
        assertThat(count("duplex.closes", "side", "client", "code", "1000")).isEqualTo(1);

        var textDispatch = registry.find("duplex.dispatch").tags("side", "server", "event", "text").timer();
        assertThat(textDispatch).isNotNull();
        assertThat(textDispatch.count()).isEqualTo(2);
        assertThat(registry.find("duplex.dispatch").tags("event", "binary").timer().count()).isEqualTo(1);
    }

    @Test
    void countsPingsAndPongsByType() throws Exception {
        var clientConfig = ClientConfiguration.builder().metrics(registry).build();
        try (var client = new Client("ws://127.0.0.1:" + port + "/echo", clientConfig)) {
            client.ping(new byte[] {1, 2, 3});
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> count("duplex.messages.received", "side", "client", "type", "pong") == 1);
        }
        assertThat(count("duplex.messages.sent", "side", "client", "type", "ping")).isEqualTo(1);
        assertThat(count("duplex.bytes.sent", "side", "client", "type", "ping")).isEqualTo(3);
        assertThat(count("duplex.messages.received", "side", "server", "type", "ping")).isEqualTo(1);
        assertThat(count("duplex.messages.sent", "side", "server", "type", "pong")).isEqualTo(1);
    }

    @Test
    void countsProtocolErrorsByKind() throws Exception {
        try (var raw = RawWebSocket.connect(port, "/echo")) {
            raw.sendRaw(RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT, new byte[] {'x'}, false));
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> count("duplex.errors", "kind", "protocol") == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("duplex.closes", "code", "1002") == 1);
        try (var raw = RawWebSocket.connect(port, "/echo")) {
            raw.sendFrame(true, RawWebSocket.OP_BINARY, new byte[WsServiceConfig.DEFAULT_MAX_FRAME_SIZE + 1]);
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1009);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> count("duplex.errors", "kind", "message_too_big") == 1);
    }

    @Test
    void namesTheConnectionInTheMdcWhileAServiceMethodRuns() throws Exception {
        // slf4j-simple, the tests' binding, keeps no MDC; Logback and Log4j do. Stand in a working one meanwhile.
        var setAdapter = MDC.class.getDeclaredMethod("setMDCAdapter", org.slf4j.spi.MDCAdapter.class);
        setAdapter.setAccessible(true);
        var original = MDC.getMDCAdapter();
        setAdapter.invoke(null, new org.slf4j.helpers.BasicMDCAdapter());
        try (var client = new Client("ws://127.0.0.1:" + port + "/mdc")) {
            client.writeTextMessage("who am i");
            String[] ids = client.readTextMessage().split(" ");
            assertThat(ids[0]).isNotEqualTo("null").isEqualTo(ids[1]);
        } finally {
            setAdapter.invoke(null, original);
        }
    }

    @Test
    void refusesARegistryThatIsNotAMeterRegistryWhenTheConfigurationIsBuilt() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().metrics("not a registry").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MeterRegistry").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> ClientConfiguration.builder().metrics(42).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ClientConfiguration.meterRegistry");
    }

    @Test
    void recordsNothingWithoutARegistry() throws Exception {
        MeterRegistry other = new SimpleMeterRegistry();
        var plain = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        plain.attach("/echo", request -> new Echo());
        plain.start();
        try (var client = new Client("ws://127.0.0.1:" + plain.getPort() + "/echo")) {
            client.writeTextMessage("unmeasured");
            assertThat(client.readTextMessage()).isEqualTo("unmeasured");
        } finally {
            plain.immediateStop();
        }
        assertThat(other.getMeters()).isEmpty();
        assertThat(ListenerConfiguration.DEFAULT.meterRegistry()).isNull();
    }

    /**
     * Micrometer is optional: only the adapters (the connections' and the groups', each made only for a configured
     * registry) may refer to it, so that nothing else loads its classes when no registry is configured. Checked on the
     * compiled classes' constant pools.
     */
    @Test
    void onlyTheMicrometerAdapterRefersToMicrometer() throws Exception {
        Path classes = Path.of("target/classes/dev/duplex/websocket");
        List<String> referring;
        try (Stream<Path> files = Files.walk(classes)) {
            referring = files.filter(file -> file.toString().endsWith(".class"))
                    .filter(file -> {
                        try {
                            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                                    .contains("io/micrometer/");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(file -> classes.relativize(file).toString())
                    .toList();
        }
        assertThat(referring).containsExactlyInAnyOrder("internal/metrics/MicrometerWebSocketMetrics.class",
                "internal/metrics/MicrometerGroupMetrics.class");
    }
}
