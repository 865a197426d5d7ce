package dev.duplex.websocket.client;

import static dev.duplex.websocket.testkit.RawWebSocket.OP_BINARY;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CLOSE;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CONTINUATION;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_PING;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_PONG;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.CorruptedFrameException;
import dev.duplex.websocket.HandshakeTimeoutException;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.PayloadTooLargeException;
import dev.duplex.websocket.testkit.RawServer;
import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our client against a raw-socket server that misbehaves on purpose (RFC 6455, byte by byte). */
@Timeout(20)
class ClientConformanceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RawServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private RawServer serve(RawServer.Script script) throws Exception {
        server = RawServer.start(script);
        return server;
    }

    private static ClientConfiguration.Builder config() {
        return ClientConfiguration.builder();
    }

    /** Reads the client's close frame, then checks that it closes the TCP connection. */
    private static Frame expectCloseAndHangUp(RawWebSocket peer) throws Exception {
        Frame close = peer.readUntilClose();
        assertThat(close.masked()).as("a client's close frame is masked").isTrue();
        assertThat(peer.awaitTcpClose(Duration.ofSeconds(5))).as("the client closed TCP").isTrue();
        return close;
    }

    // ---- the opening handshake ----

    @Test
    void upgradeRequestFollowsRfc6455() throws Exception {
        CompletableFuture<RawWebSocket.HttpRequest> seen = new CompletableFuture<>();
        serve((peer, n) -> {
            seen.complete(peer.acceptUpgrade());
            peer.sendServerClose(peer.readUntilClose().closeCode(), "");
        });
        try (Client client = new Client(server.url() + "chat?x=1",
                ClientConfiguration.builder().webSocketCompressionEnabled(false).build())) {
            RawWebSocket.HttpRequest request = seen.get(10, TimeUnit.SECONDS);
            assertThat(request.requestLine()).isEqualTo("GET /chat?x=1 HTTP/1.1");
            assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(request.header("Upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(request.header("Connection")).containsIgnoringCase("upgrade");
            assertThat(request.header("Sec-WebSocket-Version")).isEqualTo("13");
            assertThat(Base64.getDecoder().decode(request.header("Sec-WebSocket-Key"))).hasSize(16);
            assertThat(request.header("Sec-WebSocket-Extensions"))
                    .as("no extension is offered with compression off").isNull();
        }
    }

    @Test
    void serverThatNeverAnswersTheHandshakeFailsWithHandshakeTimeoutAndIsHungUpOn() throws Exception {
        serve((peer, n) -> {
            peer.readHttpRequest();
            assertThat(peer.awaitTcpClose(Duration.ofSeconds(5))).as("the client hung up").isTrue();
        });
        long start = System.nanoTime();

        assertThatThrownBy(() -> new Client(server.url(), config().handShakeTimeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(HandshakeTimeoutException.class)
                .hasMessageContaining("handShakeTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(3));
        server.awaitScript(WAIT);
    }

    @Test
    void answer200IsAnInvalidHandshakeCarryingTheResponse() throws Exception {
        serve((peer, n) -> {
            peer.readHttpRequest();
            peer.sendRaw(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nplain old ok")
                    .getBytes(StandardCharsets.US_ASCII));
            peer.awaitTcpClose(Duration.ofSeconds(5));
        });

        assertThatThrownBy(() -> new Client(server.url()))
                .isInstanceOfSatisfying(InvalidHandshakeException.class, e -> {
                    assertThat(e.status()).isEqualTo(200);
                    assertThat(e.response().header("Content-Type")).isEqualTo("text/plain");
                    assertThat(e.body()).isEqualTo("plain old ok");
                    assertThat(e.getMessage()).contains("200");
                });
    }

    @Test
    void wrongSecWebSocketAcceptIsAnInvalidHandshake() throws Exception {
        serve((peer, n) -> {
            peer.readHttpRequest();
            peer.sendRaw(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + RawWebSocket.acceptFor("not the key") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.awaitTcpClose(Duration.ofSeconds(5))).as("the client hung up").isTrue();
        });

        assertThatThrownBy(() -> new Client(server.url()))
                .isInstanceOf(InvalidHandshakeException.class)
                .hasMessageContaining("Sec-WebSocket-Accept");
        server.awaitScript(WAIT);
    }

    @Test
    void a101WhoseHeadIsMalformedIsAnInvalidHandshakeEvenWithTheRightHeaders() throws Exception {
        serve((peer, n) -> {
            RawWebSocket.HttpRequest request = peer.readHttpRequest();
            peer.sendRaw(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + RawWebSocket.acceptFor(request.header("Sec-WebSocket-Key"))
                    + "\r\nX-Broken: a\u0000b\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(peer.awaitTcpClose(Duration.ofSeconds(5))).as("the client hung up").isTrue();
        });

        assertThatThrownBy(() -> new Client(server.url()))
                .isInstanceOf(InvalidHandshakeException.class)
                .hasMessageContaining("malformed")
                .satisfies(e -> assertThat(((InvalidHandshakeException) e).response()).isNull());
        server.awaitScript(WAIT);
    }

    @Test
    void answer101WithoutUpgradeHeaderIsAnInvalidHandshake() throws Exception {
        serve((peer, n) -> {
            RawWebSocket.HttpRequest request = peer.readHttpRequest();
            peer.sendRaw(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + RawWebSocket.acceptFor(request.header("Sec-WebSocket-Key"))
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            peer.awaitTcpClose(Duration.ofSeconds(5));
        });

        assertThatThrownBy(() -> new Client(server.url()))
                .isInstanceOf(InvalidHandshakeException.class)
                .hasMessageContaining("Upgrade");
    }

    @Test
    void subProtocolTheClientDidNotOfferIsAnInvalidHandshake() throws Exception {
        serve((peer, n) -> {
            peer.acceptUpgrade("Sec-WebSocket-Protocol: wamp");
            peer.awaitTcpClose(Duration.ofSeconds(5));
        });

        assertThatThrownBy(() -> new Client(server.url(), config().subProtocols("chat").build()))
                .isInstanceOf(InvalidHandshakeException.class)
                .hasMessageContaining("wamp")
                .hasMessageContaining("[chat]");
    }

    @Test
    void extensionTheClientDidNotOfferIsAnInvalidHandshake() throws Exception {
        serve((peer, n) -> {
            peer.acceptUpgrade("Sec-WebSocket-Extensions: permessage-deflate");
            peer.awaitTcpClose(Duration.ofSeconds(5));
        });

        assertThatThrownBy(() -> new Client(server.url(),
                ClientConfiguration.builder().webSocketCompressionEnabled(false).build()))
                .isInstanceOf(InvalidHandshakeException.class)
                .hasMessageContaining("permessage-deflate");
    }

    @Test
    void anExtensionOtherThanTheOneOfferedIsAnInvalidHandshake() throws Exception {
        serve((peer, n) -> {
            peer.acceptUpgrade("Sec-WebSocket-Extensions: x-webkit-deflate-frame");
            peer.awaitTcpClose(Duration.ofSeconds(5));
        });

        assertThatThrownBy(() -> new Client(server.url()))
                .isInstanceOf(InvalidHandshakeException.class)
                .hasMessageContaining("x-webkit-deflate-frame");
    }

    @Test
    void theDefaultUpgradeRequestOffersPermessageDeflate() throws Exception {
        CompletableFuture<RawWebSocket.HttpRequest> seen = new CompletableFuture<>();
        serve((peer, n) -> {
            seen.complete(peer.acceptUpgrade());
            peer.sendServerClose(peer.readUntilClose().closeCode(), "");
        });
        try (Client client = new Client(server.url())) {
            assertThat(seen.get(10, TimeUnit.SECONDS).header("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; client_max_window_bits");
        }
    }

    @Test
    void serverClosingDuringTheHandshakeIsAConnectionFailure() throws Exception {
        serve((peer, n) -> peer.readHttpRequest());

        assertThatThrownBy(() -> new Client(server.url()))
                .isInstanceOf(dev.duplex.websocket.ConnectionException.class)
                .hasMessageContaining("opening handshake");
    }

    // ---- frames from the server ----

    @Test
    void everyFrameTheClientSendsIsMasked() throws Exception {
        serve((peer, n) -> {
            peer.acceptUpgrade();
            Frame text = peer.readFrame();
            assertThat(text.masked()).isTrue();
            assertThat(text.opcode()).isEqualTo(OP_TEXT);
            assertThat(text.text()).isEqualTo("masked?");
            Frame ping = peer.readFrame();
            assertThat(ping.masked()).isTrue();
            assertThat(ping.opcode()).isEqualTo(OP_PING);
            peer.sendServerClose(expectCloseCode(peer), "");
        });
        try (Client client = new Client(server.url())) {
            client.writeTextMessage("masked?");
            client.ping(new byte[] {1});
        }
        server.awaitScript(WAIT);
    }

    private static int expectCloseCode(RawWebSocket peer) throws Exception {
        Frame close = peer.readUntilClose();
        assertThat(close.masked()).isTrue();
        return close.closeCode();
    }

    @Test
    void maskedFrameFromTheServerClosesWith1002() throws Exception {
        CompletableFuture<Frame> closeFrame = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            peer.sendRaw(RawWebSocket.encodeFrame(true, 0, OP_TEXT, "masked".getBytes(StandardCharsets.UTF_8), true));
            closeFrame.complete(expectCloseAndHangUp(peer));
        });
        try (Client client = new Client(server.url())) {
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(CorruptedFrameException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(1002));
            assertThat(closeFrame.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1002);
        }
        server.awaitScript(WAIT);
    }

    @Test
    void frameHeaderAnnouncing2GiBClosesWith1009WithoutWaitingForOrAllocatingThePayload() throws Exception {
        CompletableFuture<Frame> closeFrame = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            ByteBuffer header = ByteBuffer.allocate(10).put((byte) 0x82).put((byte) 127).putLong(1L << 31);
            peer.sendRaw(header.array());
            closeFrame.complete(expectCloseAndHangUp(peer));
        });
        var config = config().maxFrameSize(Integer.MAX_VALUE).maxMessageSize(Integer.MAX_VALUE).build();
        try (Client client = new Client(server.url(), config)) {
            assertThatThrownBy(client::readBinaryMessage)
                    .isInstanceOf(PayloadTooLargeException.class)
                    .hasMessageContaining("2147483648");
            assertThat(closeFrame.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1009);
        }
        server.awaitScript(WAIT);
    }

    @Test
    void connectionClosedInTheMiddleOfAFrameFailsTheReadWith1006() throws Exception {
        serve((peer, n) -> {
            peer.acceptUpgrade();
            byte[] frame = RawWebSocket.encodeFrame(true, 0, OP_TEXT, "x".repeat(100).getBytes(StandardCharsets.UTF_8),
                    false);
            peer.sendRaw(java.util.Arrays.copyOf(frame, 30));
        });
        try (Client client = new Client(server.url())) {
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(1006));
            assertThat(client.isOpen()).isFalse();
        }
    }

    @Test
    void closeToAServerThatNeverEchoesFailsAfterTheTimeoutAndDropsTcp() throws Exception {
        CompletableFuture<Duration> hungUpAfter = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            Frame close = peer.readFrame();
            long closeSeen = System.nanoTime();
            assertThat(close.opcode()).isEqualTo(OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(peer.awaitTcpClose(Duration.ofSeconds(5))).as("the client dropped TCP").isTrue();
            hungUpAfter.complete(Duration.ofNanos(System.nanoTime() - closeSeen));
        });
        Client client = new Client(server.url());
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.close(4000, "bye", Duration.ofMillis(300)))
                .isInstanceOf(ConnectionClosureException.class)
                .hasMessageContaining("PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(3));
        assertThat(hungUpAfter.get(10, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(3));
        assertThat(client.isOpen()).isFalse();
        server.awaitScript(WAIT);
    }

    @Test
    void invalidUtf8InATextMessageClosesWith1007() throws Exception {
        CompletableFuture<Frame> closeFrame = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            peer.sendServerFrame(true, OP_TEXT, new byte[] {'o', 'k', (byte) 0xC3, 0x28});
            closeFrame.complete(expectCloseAndHangUp(peer));
        });
        try (Client client = new Client(server.url())) {
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(CorruptedFrameException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(1007));
            assertThat(closeFrame.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1007);
        }
        server.awaitScript(WAIT);
    }

    @Test
    void utf8SequenceSplitAcrossFragmentsIsAccepted() throws Exception {
        serve((peer, n) -> {
            peer.acceptUpgrade();
            byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
            peer.sendServerFrame(false, OP_TEXT, new byte[] {'a', euro[0]});
            peer.sendServerFrame(false, OP_CONTINUATION, new byte[] {euro[1]});
            peer.sendServerFrame(true, OP_CONTINUATION, new byte[] {euro[2], 'b'});
            peer.sendServerClose(expectCloseCode(peer), "");
        });
        try (Client client = new Client(server.url())) {
            assertThat(client.readTextMessage()).isEqualTo("a€b");
        }
        server.awaitScript(WAIT);
    }

    @Test
    void reservedBitsWithoutAnExtensionCloseWith1002() throws Exception {
        assertViolationClosesWith(1002, RawWebSocket.encodeFrame(true, 2, OP_TEXT, new byte[] {'x'}, false));
    }

    @Test
    void unknownOpcodeClosesWith1002() throws Exception {
        assertViolationClosesWith(1002, RawWebSocket.encodeFrame(true, 0, 0x3, new byte[0], false));
    }

    @Test
    void fragmentedPingClosesWith1002() throws Exception {
        assertViolationClosesWith(1002, RawWebSocket.encodeFrame(false, 0, OP_PING, new byte[] {1}, false));
    }

    @Test
    void pingLongerThan125BytesClosesWith1002() throws Exception {
        assertViolationClosesWith(1002, RawWebSocket.encodeFrame(true, 0, OP_PING, new byte[126], false));
    }

    @Test
    void continuationWithoutAMessageToContinueClosesWith1002() throws Exception {
        assertViolationClosesWith(1002, RawWebSocket.encodeFrame(true, 0, OP_CONTINUATION, new byte[] {1}, false));
    }

    @Test
    void newMessageInsideAFragmentedOneClosesWith1002() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(RawWebSocket.encodeFrame(false, 0, OP_TEXT, new byte[] {'a'}, false));
        bytes.write(RawWebSocket.encodeFrame(true, 0, OP_BINARY, new byte[] {1}, false));
        assertViolationClosesWith(1002, bytes.toByteArray());
    }

    @Test
    void closeFrameWithAnInvalidCodeClosesWith1002() throws Exception {
        assertViolationClosesWith(1002, RawWebSocket.encodeFrame(true, 0, OP_CLOSE,
                RawWebSocket.closePayload(1005, ""), false));
    }

    private void assertViolationClosesWith(int code, byte[] badBytes) throws Exception {
        CompletableFuture<Frame> closeFrame = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            peer.sendRaw(badBytes);
            closeFrame.complete(expectCloseAndHangUp(peer));
        });
        try (Client client = new Client(server.url())) {
            assertThatThrownBy(client::readMessage)
                    .isInstanceOfSatisfying(CorruptedFrameException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(code));
            assertThat(closeFrame.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(code);
        }
        server.awaitScript(WAIT);
    }

    // ---- control frames ----

    @Test
    void pingInTheMiddleOfAFragmentedMessageIsAnsweredAndTheMessageArrivesWhole() throws Exception {
        CompletableFuture<Frame> pong = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            peer.sendServerFrame(false, OP_BINARY, new byte[] {1, 2});
            peer.sendServerFrame(true, OP_PING, "mid".getBytes(StandardCharsets.UTF_8));
            peer.sendServerFrame(true, OP_CONTINUATION, new byte[] {3});
            pong.complete(peer.readFrame());
            peer.sendServerClose(expectCloseCode(peer), "");
        });
        try (Client client = new Client(server.url())) {
            Frame answer = pong.get(10, TimeUnit.SECONDS);
            assertThat(answer.opcode()).as("answered without the application reading").isEqualTo(OP_PONG);
            assertThat(answer.masked()).isTrue();
            assertThat(answer.text()).isEqualTo("mid");
            assertThat(client.readBinaryMessage()).containsExactly(1, 2, 3);
        }
        server.awaitScript(WAIT);
    }

    @Test
    void serverCloseIsEchoedWithItsCodeAndTheClientHangsUp() throws Exception {
        CompletableFuture<Frame> echo = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            peer.sendServerClose(4001, "server done");
            echo.complete(expectCloseAndHangUp(peer));
        });
        try (Client client = new Client(server.url())) {
            assertThat(echo.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(4001);
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class, e -> {
                        assertThat(e.closeCode()).isEqualTo(4001);
                        assertThat(e.reason()).isEqualTo("server done");
                    });
        }
        server.awaitScript(WAIT);
    }

    @Test
    void emptyServerCloseIsEchoedEmptyAndReadAs1005() throws Exception {
        CompletableFuture<Frame> echo = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            peer.sendServerFrame(true, OP_CLOSE, new byte[0]);
            echo.complete(expectCloseAndHangUp(peer));
        });
        try (Client client = new Client(server.url())) {
            assertThat(echo.get(10, TimeUnit.SECONDS).payload()).as("an empty echo").isEmpty();
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(1005));
        }
        server.awaitScript(WAIT);
    }

    @Test
    void serverCloseCrossingOursWithAnotherCodeCompletesOurClose() throws Exception {
        // RFC 6455 §7.1.3: the server's own close frame crossed ours on the wire; it answers ours even with another
        // code (the reference wants the same code back and fails here).
        serve((peer, n) -> {
            peer.acceptUpgrade();
            assertThat(expectCloseCode(peer)).isEqualTo(1000);
            peer.sendServerClose(1001, "going away too");
            assertThat(peer.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        });
        Client client = new Client(server.url());

        client.close(1000, "done", Duration.ofSeconds(5));

        assertThat(client.isOpen()).isFalse();
        server.awaitScript(WAIT);
    }

    // ---- fragmentation of what the client sends ----

    @Test
    void longTextIsFragmentedOnCodePointBoundariesNoFrameOverMaxFrameSize() throws Exception {
        String text = "aé€😀".repeat(40);
        CompletableFuture<String> received = new CompletableFuture<>();
        serve((peer, n) -> {
            peer.acceptUpgrade();
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                Frame frame = peer.readFrame();
                assertThat(frame.opcode()).isEqualTo(i == 0 ? OP_TEXT : OP_CONTINUATION);
                assertThat(frame.payload().length).isBetween(1, 10);
                assertThat(decodesAlone(frame.payload())).as("fragment " + i + " is whole characters").isTrue();
                whole.write(frame.payload());
                if (frame.fin()) {
                    break;
                }
            }
            received.complete(whole.toString(StandardCharsets.UTF_8));
            peer.sendServerClose(expectCloseCode(peer), "");
        });
        try (Client client = new Client(server.url(), config().maxFrameSize(10).build())) {
            client.writeTextMessage(text);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(text);
        }
        server.awaitScript(WAIT);
    }

    private static boolean decodesAlone(byte[] utf8) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
