package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertFailedWith;
import static dev.duplex.websocket.conformance.ConformanceAssertions.assertPong;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_BINARY;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CONTINUATION;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_PING;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_PONG;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Category 5, fragmentation (RFC 6455 §5.4): fragments are joined into one message, control frames may come between
 * them, and a continuation without a message to continue, a new message inside an unfinished one or a fragmented
 * control frame fail the connection with 1002.
 */
@DisplayName("5 Fragmentation")
class FragmentationConformanceTest {
    @RegisterExtension
    final EchoListener server = new EchoListener();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void echoesATextMessageSentInTwoFragmentsAsOneMessage() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, utf8("fragment1"));
            ws.sendFrame(true, OP_CONTINUATION, utf8("fragment2"));

            Message echo = ws.readMessage();
            assertThat(echo.opcode()).isEqualTo(OP_TEXT);
            assertThat(echo.text()).isEqualTo("fragment1fragment2");
        }
    }

    @Test
    void echoesABinaryMessageSentInThreeFragmentsAsOneMessage() throws Exception {
        byte[] data = RawWebSocket.randomBytes(300);
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_BINARY, Arrays.copyOfRange(data, 0, 100));
            ws.sendFrame(false, OP_CONTINUATION, Arrays.copyOfRange(data, 100, 200));
            ws.sendFrame(true, OP_CONTINUATION, Arrays.copyOfRange(data, 200, 300));

            Message echo = ws.readMessage();
            assertThat(echo.opcode()).isEqualTo(OP_BINARY);
            assertThat(echo.payload()).isEqualTo(data);
        }
    }

    @Test
    void echoesAFragmentedMessageWhoseBytesArriveOneAtATime() throws Exception {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(RawWebSocket.encodeFrame(false, 0, OP_TEXT, utf8("fragment1"), true));
        frames.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_CONTINUATION, utf8("fragment2"), true));
        try (RawWebSocket ws = server.connect()) {
            ws.sendInChunks(frames.toByteArray(), 1);

            assertThat(ws.readMessage().text()).isEqualTo("fragment1fragment2");
        }
    }

    @Test
    void echoesAMessageOfEmptyFragments() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, new byte[0]);
            ws.sendFrame(false, OP_CONTINUATION, new byte[0]);
            ws.sendFrame(true, OP_CONTINUATION, new byte[0]);

            Message echo = ws.readMessage();
            assertThat(echo.opcode()).isEqualTo(OP_TEXT);
            assertThat(echo.payload()).isEmpty();
        }
    }

    @Test
    void echoesAMessageSentAsOneThousandOneByteFragments() throws Exception {
        byte[] data = RawWebSocket.randomBytes(1000);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < data.length; i++) {
            frames.writeBytes(RawWebSocket.encodeFrame(i == data.length - 1, 0, i == 0 ? OP_BINARY : OP_CONTINUATION,
                    new byte[] {data[i]}, true));
        }
        try (RawWebSocket ws = server.connect()) {
            ws.sendRaw(frames.toByteArray());

            assertThat(ws.readMessage().payload()).isEqualTo(data);
        }
    }

    @Test
    void answersPingsBetweenFragmentsAndEchoesTheWholeMessage() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, utf8("one "));
            ws.sendFrame(true, OP_PING, utf8("first"));
            ws.sendFrame(false, OP_CONTINUATION, utf8("two "));
            ws.sendFrame(true, OP_PING, utf8("second"));
            ws.sendFrame(true, OP_CONTINUATION, utf8("three"));

            assertPong(ws.readFrame(), utf8("first"));
            assertPong(ws.readFrame(), utf8("second"));
            assertThat(ws.readMessage().text()).isEqualTo("one two three");
        }
    }

    @Test
    void ignoresAPongBetweenFragments() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, utf8("fragment1"));
            ws.sendFrame(true, OP_PONG, utf8("unsolicited"));
            ws.sendFrame(true, OP_CONTINUATION, utf8("fragment2"));

            assertThat(ws.readMessage().text()).isEqualTo("fragment1fragment2");
        }
    }

    @Test
    void closesWith1002WhenAPingIsFragmented() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_PING, utf8("fragment1"));

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void closesWith1002WhenAPongIsFragmented() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_PONG, utf8("fragment1"));

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void closesWith1002WhenAFinalContinuationHasNoMessageToContinue() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, OP_CONTINUATION, utf8("orphan"));

            assertFailedWith(ws, server, 1002);
            assertThat(server.messagesReceived()).isZero();
        }
    }

    @Test
    void closesWith1002WhenANonFinalContinuationHasNoMessageToContinue() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_CONTINUATION, utf8("orphan"));

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void closesWith1002WhenAContinuationFollowsACompleteMessage() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, utf8("fragment1"));
            ws.sendFrame(true, OP_CONTINUATION, utf8("fragment2"));
            assertThat(ws.readMessage().text()).isEqualTo("fragment1fragment2");

            ws.sendFrame(true, OP_CONTINUATION, utf8("fragment3"));

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void closesWith1002WhenATextFrameStartsInsideAFragmentedMessage() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, utf8("fragment1"));
            ws.sendFrame(true, OP_TEXT, utf8("new message"));

            assertFailedWith(ws, server, 1002);
            assertThat(server.messagesReceived()).isZero();
        }
    }

    @Test
    void closesWith1002WhenABinaryFrameStartsInsideAFragmentedTextMessage() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, utf8("fragment1"));
            ws.sendFrame(false, OP_BINARY, utf8("new message"));

            assertFailedWith(ws, server, 1002);
        }
    }
}
