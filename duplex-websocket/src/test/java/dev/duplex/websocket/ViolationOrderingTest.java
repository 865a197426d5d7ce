package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawServer;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A protocol violation is an event in order behind the messages received before it (issue 13, finding 11; Autobahn
 * cases 3.3, 4.1.4, 4.2.3): what the application does with those messages — their echo — goes out first, then the
 * close frame the violation calls for. On both ends, in every dispatch mode.
 */
class ViolationOrderingTest {

    /** Echoes after a moment's work, so the violation arrives while the message is still being handled. */
    public static class SlowEcho implements Service {
        public String onTextMessage(String text) throws InterruptedException {
            new CountDownLatch(1).await(200, TimeUnit.MILLISECONDS);
            return text;
        }
    }

    @ParameterizedTest
    @EnumSource(DispatchMode.class)
    void theServerSendsTheEchoOfAMessageBeforeTheCloseForAViolationThatFollowsIt(DispatchMode mode) throws Exception {
        var config = WsServiceConfig.builder().dispatchMode(mode).build();
        try (var server = LoopbackListener.start("/ws", request -> new SlowEcho(), config);
             var peer = RawWebSocket.connect(server.port(), "/ws")) {
            var burst = new java.io.ByteArrayOutputStream();
            burst.writeBytes(RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT,
                    "Hello, world!".getBytes(StandardCharsets.UTF_8), true));
            // A frame with RSV1 set (case 3.3), then a ping the server must not answer any more.
            burst.writeBytes(RawWebSocket.encodeFrame(true, 4, RawWebSocket.OP_TEXT,
                    "Hello, world!".getBytes(StandardCharsets.UTF_8), true));
            burst.writeBytes(RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_PING, new byte[0], true));
            peer.sendRaw(burst.toByteArray());

            var first = peer.readFrame(Duration.ofSeconds(10));
            assertThat(first.opcode()).as("first frame: %s", first).isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(first.text()).isEqualTo("Hello, world!");
            var close = peer.readFrame(Duration.ofSeconds(10));
            assertThat(close.opcode()).as("second frame: %s", close).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void theClientLetsTheApplicationAnswerAMessageBeforeTheCloseForAViolationThatFollowsIt() throws Exception {
        var seen = new CompletableFuture<String>();
        try (var server = RawServer.start((peer, n) -> {
            peer.acceptUpgrade();
            peer.sendServerText("Hello, world!");
            // A frame with a reserved data opcode (case 4.1.4 from the server's side).
            peer.sendServerFrame(true, 0x3, "x".getBytes(StandardCharsets.UTF_8));
            var echo = peer.readFrame(Duration.ofSeconds(10));
            var close = peer.readFrame(Duration.ofSeconds(10));
            seen.complete(RawWebSocket.opcodeName(echo.opcode()) + " " + echo.text() + ", "
                    + RawWebSocket.opcodeName(close.opcode()) + " " + close.closeCode());
        })) {
            try (var client = new Client(server.url())) {
                String text = client.readTextMessage();
                client.writeTextMessage(text);
                assertThatThrownBy(client::readTextMessage).isInstanceOf(WebSocketException.class);
            }
            assertThat(seen.get(10, TimeUnit.SECONDS)).startsWith("text Hello, world!, close 1002");
        }
    }
}
