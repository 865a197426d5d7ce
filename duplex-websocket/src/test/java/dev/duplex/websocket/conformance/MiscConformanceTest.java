package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertClosedByServerWith;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_BINARY;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CONTINUATION;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.Frame;
import dev.duplex.websocket.testkit.RawWebSocket.Message;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Category 10, miscellaneous: the server's own fragmentation of long replies (RFC 6455 §5.4: a sender may fragment;
 * Duplex fragments text only between code points so each frame is valid UTF-8 on its own), and independence of
 * connections.
 */
@DisplayName("10 Misc")
class MiscConformanceTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code data} in fragments of at most {@code fragmentSize} bytes, cut anywhere, even inside a character. */
    private static void sendFragmented(RawWebSocket ws, int opcode, byte[] data, int fragmentSize) throws Exception {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int start = 0; start < data.length; start += fragmentSize) {
            int end = Math.min(start + fragmentSize, data.length);
            frames.writeBytes(RawWebSocket.encodeFrame(end == data.length, 0, start == 0 ? opcode : OP_CONTINUATION,
                    Arrays.copyOfRange(data, start, end), true));
        }
        ws.sendRaw(frames.toByteArray());
    }

    /** Whether {@code bytes} is well-formed UTF-8 by itself, as judged by the JDK's strict decoder. */
    private static boolean isWholeUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The frames of a fragmented message: first text or binary, then continuations, only the last final. */
    private static void assertFragmentSequence(Message message, int opcode) {
        List<Frame> frames = message.frames();
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            assertThat(frame.opcode()).as("opcode of frame %d", i).isEqualTo(i == 0 ? opcode : OP_CONTINUATION);
            assertThat(frame.fin()).as("fin of frame %d", i).isEqualTo(i == frames.size() - 1);
            ConformanceAssertions.assertServerFrame(frame);
        }
    }

    @Nested
    @DisplayName("maxFrameSize 16")
    class AutoFragmentation {
        @RegisterExtension
        final EchoListener server = new EchoListener(WsServiceConfig.builder().maxFrameSize(16).build());

        @Test
        void fragmentsATextReplyLongerThanMaxFrameSizeOnCodePointBoundaries() throws Exception {
            String text = "a\u00e9\u20ac" + new String(Character.toChars(0x1F600)) + "bc\u03ba\u1f79\u03c3\u03bc\u03b5 "
                    .repeat(4) + new String(Character.toChars(0x10FFFF)) + "end";
            try (RawWebSocket ws = server.connect()) {
                sendFragmented(ws, OP_TEXT, utf8(text), 16);

                Message echo = ws.readMessage();
                assertThat(echo.text()).isEqualTo(text);
                assertThat(echo.frames()).hasSizeGreaterThan(utf8(text).length / 16);
                assertFragmentSequence(echo, OP_TEXT);
                List<String> fragmentsNotWholeUtf8 = new ArrayList<>();
                for (Frame frame : echo.frames()) {
                    assertThat(frame.payload().length).isBetween(1, 16);
                    if (!isWholeUtf8(frame.payload())) {
                        fragmentsNotWholeUtf8.add(frame.toString());
                    }
                }
                assertThat(fragmentsNotWholeUtf8).isEmpty();
            }
        }

        @Test
        void fragmentsATextReplyOfFourByteCharactersBetweenCharacters() throws Exception {
            String text = new String(Character.toChars(0x1F600)).repeat(10);
            try (RawWebSocket ws = server.connect()) {
                sendFragmented(ws, OP_TEXT, utf8(text), 16);

                Message echo = ws.readMessage();
                assertThat(echo.text()).isEqualTo(text);
                assertThat(echo.frames()).extracting(frame -> frame.payload().length).containsExactly(16, 16, 8);
            }
        }

        @Test
        void fragmentsABinaryReplyIntoPiecesOfMaxFrameSize() throws Exception {
            byte[] data = RawWebSocket.randomBytes(100);
            try (RawWebSocket ws = server.connect()) {
                sendFragmented(ws, OP_BINARY, data, 16);

                Message echo = ws.readMessage();
                assertThat(echo.payload()).isEqualTo(data);
                assertFragmentSequence(echo, OP_BINARY);
                assertThat(echo.frames()).extracting(frame -> frame.payload().length)
                        .containsExactly(16, 16, 16, 16, 16, 16, 4);
            }
        }

        @Test
        void sendsAReplyOfExactlyMaxFrameSizeInOneFrame() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                ws.sendText("0123456789abcdef");

                Message echo = ws.readMessage();
                assertThat(echo.frames()).hasSize(1);
                assertThat(echo.text()).isEqualTo("0123456789abcdef");
            }
        }
    }

    @Nested
    @DisplayName("maxFrameSize 3, smaller than a 4-byte character")
    class FrameSmallerThanACharacter {
        @RegisterExtension
        final EchoListener server = new EchoListener(WsServiceConfig.builder().maxFrameSize(3).build());

        @Test
        void sendsACharacterLongerThanMaxFrameSizeWholeInOneFrame() throws Exception {
            String emoji = new String(Character.toChars(0x1F600));
            String text = "a" + emoji + "b";
            try (RawWebSocket ws = server.connect()) {
                sendFragmented(ws, OP_TEXT, utf8(text), 3);

                Message echo = ws.readMessage();
                assertThat(echo.text()).isEqualTo(text);
                assertThat(echo.frames()).extracting(Frame::text).containsExactly("a", emoji, "b");
            }
        }
    }

    @Nested
    @DisplayName("defaults")
    class Connections {
        @RegisterExtension
        final EchoListener server = new EchoListener();

        @Test
        void echoesOnManyConnectionsAtOnceWithoutMixingThemUp() throws Exception {
            List<RawWebSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    sockets.add(server.connect());
                }
                for (int i = 0; i < sockets.size(); i++) {
                    sockets.get(i).sendText("connection " + i);
                }
                for (int i = 0; i < sockets.size(); i++) {
                    assertThat(sockets.get(i).readMessage().text()).isEqualTo("connection " + i);
                }
            } finally {
                for (RawWebSocket socket : sockets) {
                    socket.close();
                }
            }
        }

        @Test
        void keepsServingOtherConnectionsAfterOneBreaksTheProtocol() throws Exception {
            try (RawWebSocket healthy = server.connect(); RawWebSocket offender = server.connect()) {
                offender.sendFrame(true, 7, OP_TEXT, utf8("bad"));
                assertClosedByServerWith(offender, 1002);

                healthy.sendText("still here");

                assertThat(healthy.readMessage().text()).isEqualTo("still here");
            }
        }
    }
}
