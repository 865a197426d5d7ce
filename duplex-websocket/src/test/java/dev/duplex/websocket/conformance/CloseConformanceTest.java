package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertClosedByServerWith;
import static dev.duplex.websocket.conformance.ConformanceAssertions.assertFailedWith;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CLOSE;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_PING;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.conformance.EchoListener.Closed;
import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.Frame;
import dev.duplex.websocket.WsServiceConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Category 7, the closing handshake (RFC 6455 §5.5.1, §7): a peer's close frame is answered with a close frame
 * carrying the same code, then the server closes the TCP connection; close frames with a 1-byte body, a code that may
 * not appear on the wire or a reason that is not UTF-8 fail the connection.
 */
@DisplayName("7 Close")
class CloseConformanceTest {
    @RegisterExtension
    final EchoListener server = new EchoListener();

    private static byte[] closePayload(int code, byte[] reason) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(code >> 8);
        payload.write(code);
        payload.writeBytes(reason);
        return payload.toByteArray();
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
        4999})
    void echoesAValidCloseCodeAndClosesTheTcpConnection(int code) throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendClose(code, "");

            assertClosedByServerWith(ws, code);
            assertThat(server.awaitClose()).isEqualTo(new Closed(code, ""));
        }
    }

    @Test
    void echoesAnEmptyCloseFrameWithAnEmptyOneAndReports1005() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, OP_CLOSE, new byte[0]);

            Frame close = assertClosedByServerWith(ws, 1005);
            assertThat(close.payload()).isEmpty();
            assertThat(server.awaitClose()).isEqualTo(new Closed(1005, ""));
        }
    }

    @Test
    void reportsThePeersCodeAndReasonToOnClose() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendClose(4321, "bye \u00e9\u20ac");

            assertClosedByServerWith(ws, 4321);
            assertThat(server.awaitClose()).isEqualTo(new Closed(4321, "bye \u00e9\u20ac"));
        }
    }

    @Test
    void acceptsACloseReasonOfTheLargest123Bytes() throws Exception {
        String reason = "r".repeat(123);
        try (RawWebSocket ws = server.connect()) {
            ws.sendClose(1000, reason);

            assertClosedByServerWith(ws, 1000);
            assertThat(server.awaitClose()).isEqualTo(new Closed(1000, reason));
        }
    }

    @Test
    void closesWith1002WhenACloseReasonMakesThePayloadLongerThan125Bytes() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendClose(1000, "r".repeat(124));

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void closesWith1002WhenACloseFrameHasAOneBytePayload() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, OP_CLOSE, new byte[] {0x03});

            assertFailedWith(ws, server, 1002);
        }
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void closesWith1002WhenACloseCodeMayNotBeSentOnTheWire(int code) throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendClose(code, "");

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void closesWith1007WhenACloseReasonIsNotValidUtf8() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, OP_CLOSE, closePayload(1000, HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080")));

            assertFailedWith(ws, server, 1007);
        }
    }

    @Test
    void ignoresAMessageSentAfterTheCloseFrame() throws Exception {
        ByteArrayOutputStream closeThenText = new ByteArrayOutputStream();
        closeThenText.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_CLOSE, closePayload(1000, new byte[0]), true));
        closeThenText.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_TEXT,
                "after close".getBytes(StandardCharsets.UTF_8), true));
        try (RawWebSocket ws = server.connect()) {
            ws.sendRaw(closeThenText.toByteArray());

            assertClosedByServerWith(ws, 1000);
            assertThat(server.awaitClose()).isEqualTo(new Closed(1000, ""));
            assertThat(server.messagesReceived()).isZero();
        }
    }

    @Test
    void doesNotAnswerAPingSentAfterTheCloseFrame() throws Exception {
        ByteArrayOutputStream closeThenPing = new ByteArrayOutputStream();
        closeThenPing.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_CLOSE, closePayload(1000, new byte[0]), true));
        closeThenPing.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_PING, new byte[] {1, 2, 3}, true));
        try (RawWebSocket ws = server.connect()) {
            ws.sendRaw(closeThenPing.toByteArray());

            assertClosedByServerWith(ws, 1000);
        }
    }

    @Test
    void ignoresAnInvalidFrameSentAfterTheCloseFrame() throws Exception {
        ByteArrayOutputStream closeThenGarbage = new ByteArrayOutputStream();
        closeThenGarbage.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_CLOSE, closePayload(1000, new byte[0]),
                true));
        closeThenGarbage.writeBytes(RawWebSocket.encodeFrame(true, 7, 0xB, new byte[] {1, 2, 3}, true));
        try (RawWebSocket ws = server.connect()) {
            ws.sendRaw(closeThenGarbage.toByteArray());

            assertClosedByServerWith(ws, 1000);
            assertThat(server.awaitClose()).isEqualTo(new Closed(1000, ""));
            assertThat(server.errorsReported()).isZero();
        }
    }

    @Test
    void discardsAnUnfinishedMessageWhenTheCloseFrameArrives() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, "never finished".getBytes(StandardCharsets.UTF_8));
            ws.sendClose(1000, "");

            assertClosedByServerWith(ws, 1000);
            assertThat(server.awaitClose()).isEqualTo(new Closed(1000, ""));
            assertThat(server.messagesReceived()).isZero();
        }
    }

    @Test
    void echoesACloseFrameWhoseBytesArriveOneAtATime() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendInChunks(RawWebSocket.encodeFrame(true, 0, OP_CLOSE, closePayload(1001, "going".getBytes(
                    StandardCharsets.UTF_8)), true), 1);

            assertClosedByServerWith(ws, 1001);
            assertThat(server.awaitClose()).isEqualTo(new Closed(1001, "going"));
        }
    }

    @Test
    void reports1006WhenTheTcpConnectionDropsWithoutACloseFrame() throws Exception {
        RawWebSocket ws = server.connect();
        ws.sendText("hello");
        assertThat(ws.readMessage().text()).isEqualTo("hello");

        ws.close();

        assertThat(server.awaitClose().code()).isEqualTo(1006);
    }

    @Test
    void closesTheTcpConnectionOnceThePeerAnswersTheServersCloseFrame() throws Exception {
        try (RawWebSocket ws = server.connectToCloser()) {
            ws.sendText("4000 done here");
            Frame close = ws.readFrame();
            assertThat(close.opcode()).isEqualTo(OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(close.closeReason()).isEqualTo("done here");

            ws.sendClose(4000, "");

            assertThat(ws.readFramesUntilTcpClose()).isEmpty();
            assertThat(server.awaitClose()).isEqualTo(new Closed(4000, ""));
        }
    }

    @Test
    void sendsNothingAfterItsOwnCloseFrame() throws Exception {
        try (RawWebSocket ws = server.connectToCloser()) {
            ws.sendText("1000 bye");
            assertThat(ws.readFrame().closeCode()).isEqualTo(1000);

            ws.sendPing(new byte[] {1});
            ws.sendClose(1000, "");

            assertThat(ws.readFramesUntilTcpClose()).as("no pong after the close frame").isEmpty();
        }
    }

    @Nested
    @DisplayName("connectionClosureTimeout 200 ms")
    class ClosureTimeout {
        @RegisterExtension
        final EchoListener server = new EchoListener(
                WsServiceConfig.builder().connectionClosureTimeout(Duration.ofMillis(200)).build());

        @Test
        void dropsTheTcpConnectionWhenThePeerNeverAnswersTheServersCloseFrame() throws Exception {
            try (RawWebSocket ws = server.connectToCloser()) {
                ws.sendText("1001 going away");

                assertClosedByServerWith(ws, 1001);
                assertThat(server.awaitClose().code()).isEqualTo(1006);
            }
        }
    }
}
