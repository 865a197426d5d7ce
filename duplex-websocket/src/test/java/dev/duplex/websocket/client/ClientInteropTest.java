package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.PingPongService;
import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.OptionalTool;
import dev.duplex.websocket.testkit.PeerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Our client against echo servers nobody here wrote: Node's {@code ws} and Python's {@code websockets}, run as child
 * processes from {@code src/test/resources/interop} ({@code .ci/install-test-tools} installs both). Each server
 * echoes, closes on request with a given code, and prints how each connection ended. A peer that is not installed
 * skips its cases with a message naming the install step ({@link OptionalTool}).
 */
@Timeout(30)
class ClientInteropTest {
    private static final Path SCRIPTS = Path.of("src", "test", "resources", "interop").toAbsolutePath();
    /** Node's peer script, and the ws package .ci/install-test-tools puts in the repository's .tools/node-ws. */
    private static final Path NODE_SCRIPTS = Path.of("src", "test", "node-ws").toAbsolutePath();
    private static final Path NODE_MODULES = OptionalTool.nodeWsModules();

    /** The cases every peer must pass. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class EchoServerCases {
        private PeerProcess peer;

        /** What the peer needs installed. */
        abstract OptionalTool tool();

        abstract PeerProcess startPeer() throws Exception;

        @BeforeAll
        void startPeerProcess() throws Exception {
            if (tool().absence().isEmpty()) {
                peer = startPeer();
            }
        }

        @BeforeEach
        void skipWithoutThePeer() {
            // Checked per test so that each skipped test reports why.
            tool().assumeInstalled();
        }

        @AfterAll
        void stopPeerProcess() throws Exception {
            if (peer != null) {
                peer.close();
            }
        }

        private Client connect() {
            return new Client(peer.url());
        }

        @Test
        void agreesOnPermessageDeflateAndRoundTripsCompressibleText() {
            try (Client client = connect()) {
                assertThat(client.getHttpResponse().header("sec-websocket-extensions"))
                        .startsWith("permessage-deflate");
                String text = "compress me, peer ".repeat(10_000);
                for (int i = 0; i < 3; i++) {
                    client.writeTextMessage(text + i);
                    assertThat(client.readTextMessage()).isEqualTo(text + i);
                }
            }
        }

        @Test
        void echoesText() {
            try (Client client = connect()) {
                client.writeTextMessage("hello interop");
                assertThat(client.readTextMessage()).isEqualTo("hello interop");
            }
        }

        @Test
        void echoesBinary() {
            try (Client client = connect()) {
                byte[] data = {0, 1, 2, (byte) 0x80, (byte) 0xFF};
                client.writeBinaryMessage(data);
                assertThat(client.readBinaryMessage()).isEqualTo(data);
            }
        }

        @Test
        void echoesUnicodeText() {
            String text = "héllo wörld — 日本語 — Ελληνικά — 😀🎉";
            try (Client client = connect()) {
                client.writeTextMessage(text);
                assertThat(client.readTextMessage()).isEqualTo(text);
            }
        }

        @Test
        void echoesEmptyMessages() {
            try (Client client = connect()) {
                client.writeTextMessage("");
                client.writeBinaryMessage(new byte[0]);
                assertThat(client.readTextMessage()).isEmpty();
                assertThat(client.readBinaryMessage()).isEmpty();
            }
        }

        @Test
        void echoesOneMebibyteBinaryAndText() {
            byte[] data = new byte[1 << 20];
            new Random(42).nextBytes(data);
            String text = "ü".repeat(1 << 19);
            var config = ClientConfiguration.builder().maxFrameSize(2 << 20).maxMessageSize(2 << 20).build();
            try (Client client = new Client(peer.url(), config)) {
                client.writeBinaryMessage(data);
                assertThat(client.readBinaryMessage()).isEqualTo(data);
                client.writeTextMessage(text);
                assertThat(client.readTextMessage()).isEqualTo(text);
            }
        }

        @Test
        void messageWeFragmentIsReassembledByThePeer() {
            // 1000-byte frames: the 300 KB message goes out in about 300 fragments, split between code points.
            String text = "aé€😀".repeat(30_000);
            var config = ClientConfiguration.builder().maxFrameSize(1000).build();
            try (Client client = new Client(peer.url(), config)) {
                client.writeTextMessage("count:" + text);
                assertThat(client.readTextMessage()).isEqualTo("count=" + text.codePointCount(0, text.length()));
            }
        }

        @Test
        void manyMessagesComeBackInOrder() {
            try (Client client = connect()) {
                for (int i = 0; i < 500; i++) {
                    client.writeTextMessage("m" + i);
                }
                for (int i = 0; i < 500; i++) {
                    assertThat(client.readTextMessage()).isEqualTo("m" + i);
                }
            }
        }

        @Test
        void peersAutomaticPongReachesOurPingPongService() {
            EventRecorder pongs = new EventRecorder();
            var config = ClientConfiguration.builder().pingPongHandler(new PingPongService() {
                @Override
                public void onPong(Client client, byte[] data) {
                    pongs.record(new String(data, StandardCharsets.UTF_8));
                }
            }).build();
            try (Client client = new Client(peer.url(), config)) {
                client.ping("are you there?".getBytes(StandardCharsets.UTF_8));
                assertThat(pongs.next()).isEqualTo("are you there?");
            }
        }

        @Test
        void subProtocolIsNegotiated() {
            var config = ClientConfiguration.builder().subProtocols("duplex.v1").build();
            try (Client client = new Client(peer.url(), config)) {
                assertThat(client.getNegotiatedSubProtocol()).contains("duplex.v1");
                client.writeTextMessage("with a protocol");
                assertThat(client.readTextMessage()).isEqualTo("with a protocol");
            }
        }

        @Test
        void ourCloseCodeAndReasonReachThePeer() throws Exception {
            Client client = connect();
            client.writeTextMessage("before closing");
            assertThat(client.readTextMessage()).isEqualTo("before closing");

            client.close(4000, "client is done", Duration.ofSeconds(5));

            assertThat(peer.nextLineStartingWith("CLOSED 4000")).isEqualTo("CLOSED 4000 client is done");
            assertThat(client.isOpen()).isFalse();
        }

        @Test
        void peersCloseCodeAndReasonReachOurRead() {
            try (Client client = connect()) {
                client.writeTextMessage("close-me:4001:server is done");

                assertThatThrownBy(client::readTextMessage)
                        .isInstanceOfSatisfying(ConnectionClosureException.class, e -> {
                            assertThat(e.closeCode()).isEqualTo(4001);
                            assertThat(e.reason()).isEqualTo("server is done");
                        });
                assertThat(client.isOpen()).isFalse();
            }
        }
    }

    @Nested
    class NodeWs extends EchoServerCases {
        @Override
        OptionalTool tool() {
            return OptionalTool.NODE_WS;
        }

        @Override
        PeerProcess startPeer() throws Exception {
            return PeerProcess.start(NODE_SCRIPTS, java.util.Map.of("NODE_PATH", NODE_MODULES.toString()), "node",
                    "interop-echo-server.js");
        }
    }

    @Nested
    class PythonWebsockets extends EchoServerCases {
        @Override
        OptionalTool tool() {
            return OptionalTool.PYTHON_WEBSOCKETS;
        }

        @Override
        PeerProcess startPeer() throws Exception {
            return PeerProcess.start(SCRIPTS, OptionalTool.SYSTEM_PYTHON, "echo_server.py");
        }
    }
}
