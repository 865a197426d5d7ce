package dev.duplex.websocket.internal.protocol;

import static dev.duplex.websocket.testkit.RawWebSocket.encodeFrame;
import static dev.duplex.websocket.testkit.RawWebSocket.encodeHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Message-level rules as {@link MessageAssembler} applies them behind a {@link FrameReader}: aggregation, the message
 * size limit, incremental UTF-8 validation and the close frame's body (RFC 6455 §5.4, §5.5.1, §7.4, §8.1).
 */
class MessageAssemblerTest {
    private static final int TEXT = WebSocketProtocol.OPCODE_TEXT;
    private static final int BINARY = WebSocketProtocol.OPCODE_BINARY;
    private static final int CONTINUATION = WebSocketProtocol.OPCODE_CONTINUATION;
    private static final int CLOSE = WebSocketProtocol.OPCODE_CLOSE;
    private static final String SETTING = "WsServiceConfig.maxMessageSize";
    private static final String KOSME = "\u03ba\u1f79\u03c3\u03bc\u03b5";

    /** Records messages as readable lines and releases what it is given, as the real sink must. */
    private static final class RecordingMessageSink implements MessageAssembler.MessageSink {
        final List<String> events = new ArrayList<>();

        @Override
        public void textMessage(ByteBuf utf8) {
            events.add("text " + utf8.toString(StandardCharsets.UTF_8));
            utf8.release();
        }

        @Override
        public void binaryMessage(ByteBuf data) {
            events.add("binary " + ByteBufUtil.hexDump(data));
            data.release();
        }

        @Override
        public void ping(ByteBuf payload) {
            events.add("ping " + ByteBufUtil.hexDump(payload));
        }

        @Override
        public void pong(ByteBuf payload) {
            events.add("pong " + ByteBufUtil.hexDump(payload));
        }

        @Override
        public void close(int code, String reason) {
            events.add("close " + code + " " + reason);
        }
    }

    private final RecordingMessageSink sink = new RecordingMessageSink();
    private final MessageAssembler assembler = new MessageAssembler(UnpooledByteBufAllocator.DEFAULT, sink, 100,
            SETTING);
    private final FrameReader reader = new FrameReader(assembler, true, 65536, "WsServiceConfig.maxFrameSize");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return encodeFrame(fin, 0, opcode, payload, true);
    }

    private void feed(byte[]... pieces) {
        for (byte[] piece : pieces) {
            ByteBuf in = Unpooled.wrappedBuffer(piece.clone());
            try {
                reader.read(in);
            } finally {
                in.release();
            }
        }
    }

    private static void assertViolation(int closeCode, ThrowingCallable read) {
        assertThatThrownBy(read).isInstanceOfSatisfying(ProtocolViolation.class,
                violation -> assertThat(violation.closeCode()).as(violation.getMessage()).isEqualTo(closeCode));
    }

    private static byte[] closePayload(int code, byte[] reason) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(code >> 8);
        payload.write(code);
        payload.writeBytes(reason);
        return payload.toByteArray();
    }

    // ---- aggregation ----

    @Test
    void deliversASingleFrameTextMessage() {
        feed(frame(true, TEXT, utf8("Hello")));

        assertThat(sink.events).containsExactly("text Hello");
    }

    @Test
    void joinsTextFragmentsIntoOneMessage() {
        feed(frame(false, TEXT, utf8("Hel")), frame(false, CONTINUATION, utf8("lo, ")),
                frame(true, CONTINUATION, utf8("world")));

        assertThat(sink.events).containsExactly("text Hello, world");
    }

    @Test
    void joinsBinaryFragmentsIntoOneMessage() {
        feed(frame(false, BINARY, new byte[] {1}), frame(false, CONTINUATION, new byte[] {2, 3}),
                frame(true, CONTINUATION, new byte[] {4}));

        assertThat(sink.events).containsExactly("binary 01020304");
    }

    @Test
    void joinsAFrameThatArrivesInPieces() {
        byte[] frame = frame(true, BINARY, new byte[] {1, 2, 3, 4, 5, 6});

        for (byte b : frame) {
            feed(new byte[] {b});
        }

        assertThat(sink.events).containsExactly("binary 010203040506");
    }

    @Test
    void joinsATextFrameThatArrivesInPieces() {
        byte[] frame = frame(true, TEXT, utf8(KOSME));

        for (byte b : frame) {
            feed(new byte[] {b});
        }

        assertThat(sink.events).containsExactly("text " + KOSME);
    }

    @Test
    void copiesAWholeTextMessageSoTheBufferItArrivedInIsFreeAtOnce() {
        List<ByteBuf> kept = new ArrayList<>();
        var keeping = new MessageAssembler(UnpooledByteBufAllocator.DEFAULT, keepingSink(kept), 1 << 20, SETTING);
        ByteBuf in = Unpooled.wrappedBuffer(frame(true, TEXT, utf8("a".repeat(2000))));

        new FrameReader(keeping, true, 65536, "WsServiceConfig.maxFrameSize").read(in);
        in.release();

        assertThat(in.refCnt()).isZero();
        assertThat(kept.get(0).toString(StandardCharsets.UTF_8)).isEqualTo("a".repeat(2000));
        kept.get(0).release();
    }

    @Test
    void anUnfragmentedMessageBecomesAnArrayOfItsOwnAndTheBufferItArrivedInIsFreeAtOnce() {
        List<ByteBuf> kept = new ArrayList<>();
        var keeping = new MessageAssembler(UnpooledByteBufAllocator.DEFAULT, keepingSink(kept), 1 << 20, SETTING);
        byte[] payload = new byte[16384];
        Arrays.fill(payload, (byte) 7);
        ByteBuf in = Unpooled.wrappedBuffer(frame(true, BINARY, payload));

        new FrameReader(keeping, true, 65536, "WsServiceConfig.maxFrameSize").read(in);
        in.release();

        assertThat(in.refCnt()).as("the message holds no part of the buffer").isZero();
        assertThat(kept.get(0)).isInstanceOf(ArrayMessage.class);
        byte[] bytes = ArrayMessage.bytesOf(kept.get(0));
        assertThat(bytes).as("the message's own array, exactly its length").isSameAs(kept.get(0).array())
                .isEqualTo(payload);
        kept.get(0).release();
    }

    @Test
    void anUnfragmentedMessageArrivingInPiecesGrowsItsArrayWithTheBytesAndEndsExactlyFull() {
        List<ByteBuf> kept = new ArrayList<>();
        var keeping = new MessageAssembler(UnpooledByteBufAllocator.DEFAULT, keepingSink(kept), 1 << 20, SETTING);
        var reader = new FrameReader(keeping, true, 1 << 20, "WsServiceConfig.maxFrameSize");
        byte[] payload = new byte[100_000];
        new java.util.Random(5).nextBytes(payload);
        byte[] wire = frame(true, BINARY, payload);

        for (int at = 0; at < wire.length; at += 1000) {
            ByteBuf piece = Unpooled.wrappedBuffer(wire, at, Math.min(1000, wire.length - at));
            reader.read(piece);
            piece.release();
            if (kept.isEmpty()) {
                assertThat(keeping.heldBytes()).as("held after %d bytes of the frame", at + 1000)
                        .isLessThanOrEqualTo(4L * (at + 1000) + 256);
            }
        }

        assertThat(ArrayMessage.bytesOf(kept.get(0))).isEqualTo(payload).hasSize(100_000);
        assertThat(kept.get(0).array()).hasSize(100_000);
        kept.get(0).release();
    }

    /**
     * The copy of an unfragmented message is unmasked after it is made, from the key turned to each piece's first
     * byte: pieces of any length, from direct buffers as the event loop reads them, give back what was sent.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 33, 1001, 6000})
    void aMaskedMessageReadInPiecesOfAnyLengthFromDirectBuffersArrivesAsSent(int pieceLength) {
        List<ByteBuf> kept = new ArrayList<>();
        var keeping = new MessageAssembler(UnpooledByteBufAllocator.DEFAULT, keepingSink(kept), 1 << 20, SETTING);
        var reader = new FrameReader(keeping, true, 1 << 20, "WsServiceConfig.maxFrameSize");
        byte[] binary = new byte[5003];
        new java.util.Random(pieceLength).nextBytes(binary);
        String text = (KOSME + " ascii-run ").repeat(300);
        byte[] wire = concat(frame(true, BINARY, binary), frame(true, TEXT, utf8(text)));

        for (int at = 0; at < wire.length; at += pieceLength) {
            int length = Math.min(pieceLength, wire.length - at);
            ByteBuf piece = Unpooled.directBuffer(length).writeBytes(wire, at, length);
            reader.read(piece);
            piece.release();
        }

        assertThat(kept).hasSize(2);
        assertThat(ArrayMessage.bytesOf(kept.get(0))).isEqualTo(binary);
        assertThat(kept.get(1).toString(StandardCharsets.UTF_8)).isEqualTo(text);
        kept.forEach(ByteBuf::release);
    }

    @Test
    void refusesInvalidUtf8InAMaskedMessageCopiedFromADirectBufferWith1007() {
        byte[] bad = utf8("a".repeat(40) + "\u00e9" + "b".repeat(40));
        bad[40] = (byte) 0xC0;
        ByteBuf in = Unpooled.directBuffer().writeBytes(frame(true, TEXT, bad));

        try {
            assertViolation(1007, () -> reader.read(in));
        } finally {
            in.release();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** A sink that keeps data messages (the test releases them); other tests of the package use it too. */
    static MessageAssembler.MessageSink keepingSink(List<ByteBuf> kept) {
        return new MessageAssembler.MessageSink() {
            @Override
            public void textMessage(ByteBuf utf8) {
                kept.add(utf8);
            }

            @Override
            public void binaryMessage(ByteBuf data) {
                kept.add(data);
            }

            @Override
            public void ping(ByteBuf payload) {
            }

            @Override
            public void pong(ByteBuf payload) {
            }

            @Override
            public void close(int code, String reason) {
            }
        };
    }

    @Test
    void deliversAnEmptyMessageMadeOfEmptyFragments() {
        feed(frame(false, TEXT, new byte[0]), frame(true, CONTINUATION, new byte[0]));

        assertThat(sink.events).containsExactly("text ");
    }

    @Test
    void deliversControlFramesBetweenFragmentsAtOnce() {
        feed(frame(false, TEXT, utf8("a")), frame(true, WebSocketProtocol.OPCODE_PING, new byte[] {9}),
                frame(true, WebSocketProtocol.OPCODE_PONG, new byte[] {8}), frame(true, CONTINUATION, utf8("b")));

        assertThat(sink.events).containsExactly("ping 09", "pong 08", "text ab");
    }

    @Test
    void releasesAPartlyAssembledMessage() {
        ByteBuf in = Unpooled.wrappedBuffer(frame(false, BINARY, new byte[] {1, 2, 3}));
        reader.read(in);
        in.release();
        assertThat(in.refCnt()).as("the assembler holds the fragment").isEqualTo(1);

        assembler.release();

        assertThat(in.refCnt()).isZero();
    }

    // ---- message size limit ----

    @Test
    void acceptsAMessageOfExactlyTheLimit() {
        feed(frame(false, BINARY, new byte[60]), frame(true, CONTINUATION, new byte[40]));

        assertThat(sink.events).hasSize(1);
    }

    @Test
    void refusesASingleFrameOverTheLimitWith1009FromItsHeaderAlone() {
        byte[] header = encodeHeader(true, 0, TEXT, 101, RawWebSocket.randomBytes(4));

        assertThatThrownBy(() -> feed(header)).isInstanceOfSatisfying(ProtocolViolation.class, violation -> {
            assertThat(violation.closeCode()).isEqualTo(1009);
            assertThat(violation.getMessage()).contains("text message of 101 bytes", "maxMessageSize=100",
                    "(" + SETTING + ")");
        });
    }

    @Test
    void aMessageTooBigThatWasNotCompressedSaysNothingOfCompression() {
        feed(frame(false, BINARY, new byte[60]));

        assertThatThrownBy(() -> feed(frame(true, CONTINUATION, new byte[60])))
                .isInstanceOfSatisfying(ProtocolViolation.class, violation -> {
                    assertThat(violation.closeCode()).isEqualTo(1009);
                    assertThat(violation.getMessage()).doesNotContainIgnoringCase("compress")
                            .doesNotContainIgnoringCase("inflat");
                });
    }

    @Test
    void refusesFragmentsOverTheLimitWith1009BeforeTheLastFragmentsPayloadArrives() {
        feed(frame(false, BINARY, new byte[60]), frame(false, CONTINUATION, new byte[40]));
        byte[] header = encodeHeader(true, 0, CONTINUATION, 1, RawWebSocket.randomBytes(4));

        assertThatThrownBy(() -> feed(header)).isInstanceOfSatisfying(ProtocolViolation.class, violation -> {
            assertThat(violation.closeCode()).isEqualTo(1009);
            assertThat(violation.getMessage()).contains("binary message of at least 101 bytes");
        });
        assembler.release();
    }

    @Test
    void countsTheLimitPerMessage() {
        feed(frame(true, BINARY, new byte[100]), frame(false, TEXT, new byte[50]),
                frame(true, CONTINUATION, new byte[50]));

        assertThat(sink.events).hasSize(2);
    }

    // ---- UTF-8 ----

    static IntStream kosmeCuts() {
        return IntStream.range(1, utf8(KOSME).length);
    }

    @ParameterizedTest(name = "cut after byte {0}")
    @MethodSource("kosmeCuts")
    void acceptsACodePointSplitBetweenFragments(int cut) {
        byte[] text = utf8(KOSME);

        feed(frame(false, TEXT, Arrays.copyOfRange(text, 0, cut)),
                frame(true, CONTINUATION, Arrays.copyOfRange(text, cut, text.length)));

        assertThat(sink.events).containsExactly("text " + KOSME);
    }

    @Test
    void acceptsAFourByteCodePointSplitIntoFourFragments() {
        byte[] emoji = utf8(new String(Character.toChars(0x1F600)));

        feed(frame(false, TEXT, new byte[] {emoji[0]}), frame(false, CONTINUATION, new byte[] {emoji[1]}),
                frame(false, CONTINUATION, new byte[] {emoji[2]}), frame(true, CONTINUATION, new byte[] {emoji[3]}));

        assertThat(sink.events).containsExactly("text " + new String(Character.toChars(0x1F600)));
    }

    @Test
    void refusesInvalidUtf8With1007InTheFirstFragmentBeforeTheMessageEnds() {
        assertViolation(1007, () -> feed(frame(false, TEXT, hex("41 42 FF 43"))));
        assembler.release();
    }

    @Test
    void refusesInvalidUtf8With1007BeforeItsFrameIsComplete() {
        byte[] payload = new byte[90];
        Arrays.fill(payload, (byte) 'a');
        payload[5] = (byte) 0xC0;
        byte[] frame = frame(true, TEXT, payload);

        assertViolation(1007, () -> feed(Arrays.copyOf(frame, frame.length - 80)));
        assembler.release();
    }

    @Test
    void refusesAnOverlongFormSplitBetweenFragmentsWith1007() {
        feed(frame(false, TEXT, hex("41 E0")));

        assertViolation(1007, () -> feed(frame(true, CONTINUATION, hex("80 80"))));
        assembler.release();
    }

    @Test
    void refusesATextMessageThatEndsInsideACodePointWith1007() {
        feed(frame(false, TEXT, hex("41 F0 9F")));

        assertViolation(1007, () -> feed(frame(true, CONTINUATION, hex("98"))));
    }

    @Test
    void startsUtf8ValidationAfreshForEachMessage() {
        feed(frame(true, TEXT, utf8("first")));
        feed(frame(false, BINARY, hex("F0 9F")), frame(true, CONTINUATION, hex("FF")));

        feed(frame(true, TEXT, utf8("second")));

        assertThat(sink.events).containsExactly("text first", "binary f09fff", "text second");
    }

    @Test
    void doesNotValidateBinaryMessages() {
        feed(frame(true, BINARY, hex("FF FE C0 80")));

        assertThat(sink.events).containsExactly("binary fffec080");
    }

    // ---- close frames ----

    @Test
    void reports1005ForAnEmptyCloseFrame() {
        feed(frame(true, CLOSE, new byte[0]));

        assertThat(sink.events).containsExactly("close 1005 ");
    }

    @Test
    void refusesACloseFrameWithAOneBytePayloadWith1002() {
        assertViolation(1002, () -> feed(frame(true, CLOSE, new byte[] {0x03})));
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2999, 5000})
    void refusesACloseCodeThatMayNotBeSentWith1002(int code) {
        assertViolation(1002, () -> feed(frame(true, CLOSE, closePayload(code, new byte[0]))));
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
    void reportsAValidCloseCodeWithItsReason(int code) {
        feed(frame(true, CLOSE, closePayload(code, utf8("bye " + KOSME))));

        assertThat(sink.events).containsExactly("close " + code + " bye " + KOSME);
    }

    @Test
    void acceptsACloseReasonOf123Bytes() {
        feed(frame(true, CLOSE, closePayload(1000, utf8("r".repeat(123)))));

        assertThat(sink.events).containsExactly("close 1000 " + "r".repeat(123));
    }

    @Test
    void refusesACloseReasonThatIsNotUtf8With1007() {
        assertViolation(1007, () -> feed(frame(true, CLOSE, closePayload(1000, hex("CE BA ED A0 80")))));
    }

    @Test
    void refusesACloseReasonThatEndsInsideACodePointWith1007() {
        assertViolation(1007, () -> feed(frame(true, CLOSE, closePayload(1000, hex("41 E2 82")))));
    }
}
