package dev.duplex.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.testkit.OptionalTool;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * permessage-deflate (RFC 7692) against an implementation nobody here wrote: Node's {@code ws}, as a client of our
 * listener and as a server for our client, for each parameter of the extension. Many messages go each way in a row,
 * so context takeover (or its absence) is exercised, and the socket byte counts show whether messages really went
 * compressed.
 *
 * <p>Skipped, with a message naming {@code .ci/install-test-tools}, when {@code node} or its {@code ws} package is
 * not installed.
 */
class NodeWsInteropTest {
    private static final int MESSAGES = 60;
    private static NodeWs node;

    private Listener listener;

    /** Echoes every text and binary message. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    @BeforeAll
    static void findNode() {
        if (OptionalTool.NODE_WS.absence().isEmpty()) {
            node = NodeWs.with(NodeWs.findNode().orElseThrow());
        }
    }

    @BeforeEach
    void skipWithoutNodeWs() {
        // Checked per test so that each skipped test reports why.
        OptionalTool.NODE_WS.assumeInstalled();
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    private int startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new Echo(), WsServiceConfig.builder().compressionThreshold(0).build());
        listener.start();
        return listener.getPort();
    }

    /** The ws client's options, and the Sec-WebSocket-Extensions our server must answer them with. */
    static Stream<Arguments> clientOffers() {
        return Stream.of(
                Arguments.of("{}", "permessage-deflate"),
                Arguments.of("{\"serverNoContextTakeover\":true}", "permessage-deflate; server_no_context_takeover"),
                Arguments.of("{\"clientNoContextTakeover\":true}", "permessage-deflate; client_no_context_takeover"),
                Arguments.of("{\"serverMaxWindowBits\":10}", "permessage-deflate; server_max_window_bits=10"),
                Arguments.of("{\"serverMaxWindowBits\":9}", "permessage-deflate; server_max_window_bits=9"),
                Arguments.of("{\"clientMaxWindowBits\":10}", "permessage-deflate; client_max_window_bits=10"),
                Arguments.of("{\"clientMaxWindowBits\":true}", "permessage-deflate"),
                Arguments.of("{\"clientMaxWindowBits\":false}", "permessage-deflate"),
                Arguments.of("{\"serverNoContextTakeover\":true,\"clientNoContextTakeover\":true,"
                        + "\"serverMaxWindowBits\":11,\"clientMaxWindowBits\":12}",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
                                + " server_max_window_bits=11; client_max_window_bits=12"));
    }

    @ParameterizedTest(name = "ws client offering {0}")
    @MethodSource("clientOffers")
    void ourListenerAgreesToEachOfferOfTheWsClientAndEchoesEveryMessageIntact(String options, String agreed)
            throws Exception {
        int port = startListener();
        Map<String, Object> report = node.runClient("ws://127.0.0.1:" + port + "/echo",
                withThresholdZero(options), MESSAGES);
        assertThat(report.get("error")).isNull();
        assertThat(report.get("extensions")).isEqualTo(agreed);
        assertThat(report.get("intact")).isEqualTo((long) MESSAGES);
        assertThat(report.get("closeCode")).isEqualTo(1000L);
    }

    @Test
    void ourListenerCompressesWhatItSendsToTheWsClient() throws Exception {
        int port = startListener();
        Map<String, Object> report = node.runClient("ws://127.0.0.1:" + port + "/echo", "{\"threshold\":0}",
                MESSAGES);
        assertThat(report.get("intact")).isEqualTo((long) MESSAGES);
        long payload = (Long) report.get("payloadBytes");
        long read = (Long) report.get("socketBytesRead");
        assertThat(read).as("bytes the ws client read for %d payload bytes", payload).isLessThan(payload / 4);
    }

    /** The ws server's options, and the Sec-WebSocket-Extensions our client must accept. */
    static Stream<Arguments> serverAnswers() {
        return Stream.of(
                Arguments.of("{}", "permessage-deflate"),
                Arguments.of("{\"serverNoContextTakeover\":true}", "permessage-deflate; server_no_context_takeover"),
                Arguments.of("{\"clientNoContextTakeover\":true}", "permessage-deflate; client_no_context_takeover"),
                Arguments.of("{\"serverMaxWindowBits\":10}", "permessage-deflate; server_max_window_bits=10"),
                Arguments.of("{\"clientMaxWindowBits\":10}", "permessage-deflate; client_max_window_bits=10"),
                Arguments.of("{\"clientMaxWindowBits\":9}", "permessage-deflate; client_max_window_bits=9"),
                Arguments.of("{\"serverNoContextTakeover\":true,\"clientNoContextTakeover\":true,"
                        + "\"serverMaxWindowBits\":11,\"clientMaxWindowBits\":12}",
                        // ws keeps the offer's client_max_window_bits first, then adds its own parameters.
                        "permessage-deflate; client_max_window_bits=12; server_no_context_takeover;"
                                + " client_no_context_takeover; server_max_window_bits=11"));
    }

    @ParameterizedTest(name = "ws server answering with {0}")
    @MethodSource("serverAnswers")
    void ourClientAcceptsEachAnswerOfTheWsServerAndGetsEveryMessageBackIntact(String options, String agreed)
            throws Exception {
        try (var server = node.startEchoServer(withThresholdZero(options));
             var client = new Client("ws://127.0.0.1:" + server.port() + "/", ClientConfiguration.DEFAULT)) {
            assertThat(client.getHttpResponse().header("sec-websocket-extensions")).isEqualTo(agreed);
            for (int i = 0; i < MESSAGES; i++) {
                String text = compressible(i, 200 + (i % 7) * 700);
                if (i % 3 == 2) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    client.writeBinaryMessage(bytes);
                    assertThat(client.readBinaryMessage()).isEqualTo(bytes);
                } else {
                    client.writeTextMessage(text);
                    assertThat(client.readTextMessage()).isEqualTo(text);
                }
            }
        }
    }

    @Test
    void ourClientCompressesWhatItSendsToTheWsServer() throws Exception {
        try (var server = node.startEchoServer("{\"threshold\":0}");
             var client = new Client("ws://127.0.0.1:" + server.port() + "/")) {
            long payload = 0;
            for (int i = 0; i < MESSAGES; i++) {
                String text = compressible(i, 4000);
                payload += text.length();
                client.writeTextMessage(text);
                assertThat(client.readTextMessage()).isEqualTo(text);
            }
            client.writeTextMessage("stats");
            String stats = client.readTextMessage();
            long read = (Long) ((Map<?, ?>) Json.parse(stats)).get("bytesRead");
            assertThat(read).as("bytes the ws server read for %d payload bytes", payload).isLessThan(payload / 4);
        }
    }

    private static String compressible(int index, int size) {
        StringBuilder text = new StringBuilder(size + 40);
        while (text.length() < size) {
            text.append("message ").append(index).append(" of a compressible series; ");
        }
        return text.substring(0, size);
    }

    /** Adds {@code threshold: 0} so ws compresses even short messages. */
    private static String withThresholdZero(String options) {
        return options.equals("{}") ? "{\"threshold\":0}" : "{\"threshold\":0," + options.substring(1);
    }
}
