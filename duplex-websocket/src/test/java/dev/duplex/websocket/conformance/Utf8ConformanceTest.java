package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertFailedWith;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_BINARY;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CONTINUATION;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Category 6, UTF-8 handling (RFC 6455 §5.6, §8.1; RFC 3629): text messages must be well-formed UTF-8 as a whole, may
 * split a code point between fragments, and are refused with 1007 as soon as a byte cannot be part of well-formed
 * UTF-8, before the rest of the message arrives.
 */
@DisplayName("6 UTF-8")
class Utf8ConformanceTest {
    @RegisterExtension
    final EchoListener server = new EchoListener();

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The texts, each named by its code points so that the report shows which one failed. */
    static Stream<Named<String>> validTexts() {
        return Stream.of(
                "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!",
                "\u03ba\u1f79\u03c3\u03bc\u03b5",
                "\u0000",
                "\u0080",
                "\u07ff",
                "\u0800",
                "\ud7ff",
                "\ue000",
                "\ufffd",
                "\ufffe",
                "\uffff",
                new String(Character.toChars(0x10000)),
                new String(Character.toChars(0x1F600)),
                new String(Character.toChars(0x10FFFF)),
                "mixed a\u00e9\u20ac" + new String(Character.toChars(0x1F600)) + "z")
                .map(text -> Named.of(text.codePoints().mapToObj(c -> String.format("U+%04X", c))
                        .collect(Collectors.joining(" ")), text));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validTexts")
    void echoesValidUtf8Text(String text) throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendText(text);

            assertThat(ws.readMessage().payload()).isEqualTo(utf8(text));
        }
    }

    static Stream<Arguments> invalidSequences() {
        return Stream.of(
                Arguments.of("lone continuation byte 80", "80"),
                Arguments.of("lone continuation byte BF", "BF"),
                Arguments.of("overlong NUL C0 80", "C0 80"),
                Arguments.of("overlong two-byte C1 BF", "C1 BF"),
                Arguments.of("overlong three-byte E0 80 80", "E0 80 80"),
                Arguments.of("overlong three-byte E0 9F BF", "E0 9F BF"),
                Arguments.of("overlong four-byte F0 80 80 80", "F0 80 80 80"),
                Arguments.of("overlong four-byte F0 8F BF BF", "F0 8F BF BF"),
                Arguments.of("high surrogate U+D800", "ED A0 80"),
                Arguments.of("low surrogate U+DFFF", "ED BF BF"),
                Arguments.of("surrogate pair encoded separately", "ED A0 80 ED B0 80"),
                Arguments.of("above U+10FFFF: F4 90 80 80", "F4 90 80 80"),
                Arguments.of("lead byte F5", "F5 80 80 80"),
                Arguments.of("five-byte form F8", "F8 88 80 80 80"),
                Arguments.of("six-byte form FC", "FC 84 80 80 80 80"),
                Arguments.of("byte FE", "FE"),
                Arguments.of("byte FF", "FF"),
                Arguments.of("two-byte sequence cut by ASCII", "C2 41"),
                Arguments.of("three-byte sequence cut by ASCII", "E2 82 41"),
                Arguments.of("message ends after a two-byte lead", "CE BA E1 BD B9 CF 83 CE BC CE"),
                Arguments.of("message ends inside a three-byte sequence", "41 E2 82"),
                Arguments.of("message ends inside a four-byte sequence", "41 F0 9F 98"),
                Arguments.of("surrogate after valid text", "CE BA E1 BD B9 CF 83 CE BC CE B5 ED A0 80 65 64 69 74"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSequences")
    void closesWith1007WhenATextMessageIsNotValidUtf8(String description, String bytes) throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, OP_TEXT, hex(bytes));

            assertFailedWith(ws, server, 1007);
            assertThat(server.messagesReceived()).isZero();
        }
    }

    @Test
    void echoesABinaryMessageThatIsNotUtf8() throws Exception {
        byte[] data = hex("FF FE C0 80 ED A0 80");
        try (RawWebSocket ws = server.connect()) {
            ws.sendBinary(data);

            Message echo = ws.readMessage();
            assertThat(echo.opcode()).isEqualTo(OP_BINARY);
            assertThat(echo.payload()).isEqualTo(data);
        }
    }

    /** Every place "κόσμε" can be cut in two, including inside each of its multi-byte characters. */
    static IntStream splitPoints() {
        return IntStream.range(1, utf8("\u03ba\u1f79\u03c3\u03bc\u03b5").length);
    }

    @ParameterizedTest(name = "cut after byte {0}")
    @MethodSource("splitPoints")
    void acceptsACodePointSplitBetweenTwoFragments(int cut) throws Exception {
        byte[] text = utf8("\u03ba\u1f79\u03c3\u03bc\u03b5");
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, Arrays.copyOfRange(text, 0, cut));
            ws.sendFrame(true, OP_CONTINUATION, Arrays.copyOfRange(text, cut, text.length));

            assertThat(ws.readMessage().payload()).isEqualTo(text);
        }
    }

    @Test
    void acceptsAFourByteCodePointSentAsFourOneByteFragments() throws Exception {
        byte[] emoji = utf8(new String(Character.toChars(0x1F600)));
        try (RawWebSocket ws = server.connect()) {
            for (int i = 0; i < 4; i++) {
                ws.sendFrame(i == 3, i == 0 ? OP_TEXT : OP_CONTINUATION, new byte[] {emoji[i]});
            }

            assertThat(ws.readMessage().payload()).isEqualTo(emoji);
        }
    }

    @Test
    void acceptsValidUtf8WhoseBytesArriveOneAtATime() throws Exception {
        byte[] text = utf8("\u03ba\u1f79\u03c3\u03bc\u03b5 " + new String(Character.toChars(0x1F600)));
        try (RawWebSocket ws = server.connect()) {
            ws.sendInChunks(RawWebSocket.encodeFrame(true, 0, OP_TEXT, text, true), 1);

            assertThat(ws.readMessage().payload()).isEqualTo(text);
        }
    }

    @Test
    void closesWith1007WhenASequenceSplitBetweenFragmentsIsOverlong() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, hex("41 E0"));
            ws.sendFrame(true, OP_CONTINUATION, hex("80 80"));

            assertFailedWith(ws, server, 1007);
        }
    }

    @Test
    void closesWith1007WhenTheLastFragmentEndsInsideACodePoint() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, utf8("valid"));
            ws.sendFrame(true, OP_CONTINUATION, hex("F0 9F 98"));

            assertFailedWith(ws, server, 1007);
        }
    }

    @Test
    void closesWith1007AtAnInvalidFirstFragmentBeforeTheRestOfTheMessageIsSent() throws Exception {
        ByteArrayOutputStream fragment = new ByteArrayOutputStream();
        fragment.writeBytes(utf8("\u03ba\u1f79\u03c3\u03bc\u03b5"));
        fragment.writeBytes(hex("ED A0 80"));
        fragment.writeBytes(utf8("edited"));
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, fragment.toByteArray());

            // The continuation is never sent: the server must judge the first fragment alone.
            assertFailedWith(ws, server, 1007);
        }
    }

    @Test
    void closesWith1007AtAnInvalidByteBeforeTheRestOfItsFrameIsSent() throws Exception {
        byte[] payload = new byte[60_000];
        Arrays.fill(payload, (byte) 'a');
        payload[100] = (byte) 0xFF;
        byte[] frame = RawWebSocket.encodeFrame(true, 0, OP_TEXT, payload, true);
        try (RawWebSocket ws = server.connect()) {
            // Header and the first 200 payload bytes only: the frame is far from complete.
            ws.sendRaw(Arrays.copyOf(frame, frame.length - payload.length + 200));

            assertFailedWith(ws, server, 1007);
        }
    }

    @ParameterizedTest(name = "invalid byte FF at offset {0}")
    @ValueSource(ints = {0, 1, 6, 7, 8, 9, 15, 16, 17, 63, 64})
    void closesWith1007WhereverAnInvalidByteSitsInAnOtherwiseAsciiText(int offset) throws Exception {
        byte[] payload = new byte[80];
        Arrays.fill(payload, (byte) 'a');
        payload[offset] = (byte) 0xFF;
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, OP_TEXT, payload);

            assertFailedWith(ws, server, 1007);
        }
    }
}
