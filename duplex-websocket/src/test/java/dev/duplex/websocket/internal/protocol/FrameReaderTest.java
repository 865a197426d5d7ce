package dev.duplex.websocket.internal.protocol;

import static dev.duplex.websocket.testkit.RawWebSocket.encodeFrame;
import static dev.duplex.websocket.testkit.RawWebSocket.encodeHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame rules of RFC 6455 §5.2–§5.5 as {@link FrameReader} applies them, without sockets. */
class FrameReaderTest {
    private static final int TEXT = WebSocketProtocol.OPCODE_TEXT;
    private static final int BINARY = WebSocketProtocol.OPCODE_BINARY;
    private static final int CONTINUATION = WebSocketProtocol.OPCODE_CONTINUATION;
    private static final int PING = WebSocketProtocol.OPCODE_PING;
    private static final int PONG = WebSocketProtocol.OPCODE_PONG;
    private static final int CLOSE = WebSocketProtocol.OPCODE_CLOSE;
    private static final String SETTING = "WsServiceConfig.maxFrameSize";

    private final RecordingFrameSink sink = new RecordingFrameSink();
    private final FrameReader server = new FrameReader(sink, true, 65536, SETTING);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Feeds each piece as a separate read, as if each arrived in its own TCP segment. */
    private static void feed(FrameReader reader, byte[]... pieces) {
        for (byte[] piece : pieces) {
            ByteBuf in = Unpooled.wrappedBuffer(piece.clone());
            reader.read(in);
            assertThat(in.isReadable()).as("every byte consumed").isFalse();
        }
    }

    /** Feeds {@code bytes} in pieces of {@code size}. */
    private static void feedInPieces(FrameReader reader, byte[] bytes, int size) {
        for (int start = 0; start < bytes.length; start += size) {
            feed(reader, Arrays.copyOfRange(bytes, start, Math.min(start + size, bytes.length)));
        }
    }

    private static void assertViolation(int closeCode, ThrowingCallable read) {
        assertThatThrownBy(read).isInstanceOfSatisfying(ProtocolViolation.class,
                violation -> assertThat(violation.closeCode()).as(violation.getMessage()).isEqualTo(closeCode));
    }

    private static byte[] masked(boolean fin, int opcode, byte[] payload) {
        return encodeFrame(fin, 0, opcode, payload, true);
    }

    // ---- reading ----

    @Test
    void readsAMaskedTextFrameAndUnmasksItsPayload() {
        feed(server, masked(true, TEXT, utf8("Hello")));

        assertThat(sink.events).containsExactly("start text fin=true rsv1=false length=5",
                "payload " + ByteBufUtil.hexDump(utf8("Hello")), "end fin=true");
    }

    @Test
    void readsAnUnmaskedFrameOnTheClientSide() {
        FrameReader client = new FrameReader(sink, false, 65536, SETTING);

        feed(client, encodeFrame(true, 0, BINARY, new byte[] {1, 2, 3}, false));

        assertThat(sink.events).containsExactly("start binary fin=true rsv1=false length=3", "payload 010203",
                "end fin=true");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536})
    void readsEachLengthEncoding(int length) {
        byte[] payload = RawWebSocket.randomBytes(length);

        feed(server, masked(true, BINARY, payload));

        assertThat(sink.structure()).containsExactly("start binary fin=true rsv1=false length=" + length,
                "end fin=true");
        assertThat(sink.data.toByteArray()).isEqualTo(payload);
    }

    @Test
    void reportsAnEmptyDataFrameWithoutAPayloadPiece() {
        feed(server, masked(true, TEXT, new byte[0]));

        assertThat(sink.events).containsExactly("start text fin=true rsv1=false length=0", "end fin=true");
    }

    @Test
    void readsSeveralFramesFromOneBuffer() {
        feed(server, concat(masked(true, TEXT, utf8("a")), masked(true, PING, utf8("b")),
                masked(true, BINARY, utf8("c"))));

        assertThat(sink.structure()).containsExactly("start text fin=true rsv1=false length=1", "end fin=true",
                "control ping 62", "start binary fin=true rsv1=false length=1", "end fin=true");
    }

    @ParameterizedTest(name = "{0}-byte payload")
    @ValueSource(ints = {5, 300, 65536})
    void readsAHeaderThatArrivesOneByteAtATime(int length) {
        byte[] payload = RawWebSocket.randomBytes(length);
        byte[] frame = masked(true, BINARY, payload);
        int headerLength = frame.length - length;

        feedInPieces(server, Arrays.copyOf(frame, headerLength), 1);
        assertThat(sink.events).containsExactly("start binary fin=true rsv1=false length=" + length);
        feed(server, Arrays.copyOfRange(frame, headerLength, frame.length));

        assertThat(sink.data.toByteArray()).isEqualTo(payload);
    }

    @Test
    void deliversADataPayloadInThePiecesItArrivesIn() {
        byte[] payload = RawWebSocket.randomBytes(1000);

        feedInPieces(server, masked(true, BINARY, payload), 7);

        assertThat(sink.payloadPieces()).isGreaterThan(100);
        assertThat(sink.data.toByteArray()).as("unmasked across pieces").isEqualTo(payload);
        assertThat(sink.structure()).containsExactly("start binary fin=true rsv1=false length=1000", "end fin=true");
    }

    @Test
    void deliversAControlPayloadWholeEvenWhenItArrivesInPieces() {
        byte[] payload = RawWebSocket.randomBytes(125);

        feedInPieces(server, masked(true, PING, payload), 3);

        assertThat(sink.events).containsExactly("control ping " + ByteBufUtil.hexDump(payload));
    }

    @Test
    void acceptsControlFramesBetweenFragments() {
        feed(server, concat(masked(false, TEXT, utf8("a")), masked(true, PING, new byte[0]),
                masked(true, PONG, new byte[0]), masked(true, CONTINUATION, utf8("b"))));

        assertThat(sink.structure()).containsExactly("start text fin=false rsv1=false length=1", "end fin=false",
                "control ping ", "control pong ", "start continuation fin=true rsv1=false length=1", "end fin=true");
    }

    @Test
    void discardsEverythingAfterACloseFrame() {
        feed(server, concat(masked(true, CLOSE, new byte[] {0x03, (byte) 0xE8}), masked(true, TEXT, utf8("late")),
                encodeFrame(true, 7, 0xB, new byte[0], false)));

        assertThat(sink.events).containsExactly("control close 03e8");
    }

    // ---- rules ----

    static Stream<Arguments> reservedBitsAndOpcodes() {
        return IntStream.rangeClosed(1, 7).boxed()
                .flatMap(rsv -> Stream.of(TEXT, BINARY, PING, CLOSE).map(opcode -> Arguments.of(rsv, opcode)));
    }

    @ParameterizedTest(name = "RSV={0} opcode={1}")
    @MethodSource("reservedBitsAndOpcodes")
    void refusesReservedBitsWithoutAnExtensionWith1002(int rsv, int opcode) {
        byte[] frame = encodeFrame(true, rsv, opcode, new byte[] {0x03, (byte) 0xE8}, true);

        assertViolation(1002, () -> feed(server, Arrays.copyOf(frame, 2)));
    }

    @Test
    void acceptsRsv1OnTheFirstFrameOfAMessageOnceAnExtensionAllowsIt() {
        server.allowRsv1();

        feed(server, encodeFrame(true, 4, TEXT, utf8("x"), true));

        assertThat(sink.events.get(0)).isEqualTo("start text fin=true rsv1=true length=1");
    }

    @Test
    void refusesRsv1OnAContinuationEvenWhenAnExtensionAllowsIt() {
        server.allowRsv1();
        feed(server, encodeFrame(false, 4, TEXT, utf8("x"), true));

        assertViolation(1002, () -> feed(server, encodeFrame(true, 4, CONTINUATION, utf8("y"), true)));
    }

    @Test
    void refusesRsv1OnAControlFrameEvenWhenAnExtensionAllowsIt() {
        server.allowRsv1();

        assertViolation(1002, () -> feed(server, encodeFrame(true, 4, PING, new byte[0], true)));
    }

    @Test
    void refusesRsv2AndRsv3EvenWhenRsv1IsAllowed() {
        server.allowRsv1();

        assertViolation(1002, () -> feed(server, encodeFrame(true, 2, TEXT, utf8("x"), true)));
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void refusesAnUnknownOpcodeWith1002(int opcode) {
        assertViolation(1002, () -> feed(server, masked(true, opcode, new byte[0])));
    }

    @Test
    void refusesAnUnmaskedFrameOnTheServerSideWith1002() {
        assertViolation(1002, () -> feed(server, encodeFrame(true, 0, TEXT, utf8("x"), false)));
    }

    @Test
    void refusesAMaskedFrameOnTheClientSideWith1002() {
        FrameReader client = new FrameReader(sink, false, 65536, SETTING);

        assertViolation(1002, () -> feed(client, encodeFrame(true, 0, TEXT, utf8("x"), true)));
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {PING, PONG, CLOSE})
    void refusesAControlFrameOver125BytesFromItsFirstTwoBytes(int opcode) {
        byte[] frame = masked(true, opcode, new byte[126]);

        assertViolation(1002, () -> feed(server, Arrays.copyOf(frame, 2)));
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {PING, PONG, CLOSE})
    void refusesAFragmentedControlFrameWith1002(int opcode) {
        assertViolation(1002, () -> feed(server, masked(false, opcode, new byte[0])));
    }

    @Test
    void refusesAContinuationWithoutAMessageToContinueWith1002() {
        assertViolation(1002, () -> feed(server, masked(true, CONTINUATION, utf8("x"))));
    }

    @Test
    void refusesAContinuationAfterAFinishedMessageWith1002() {
        feed(server, masked(false, TEXT, utf8("a")), masked(true, CONTINUATION, utf8("b")));

        assertViolation(1002, () -> feed(server, masked(true, CONTINUATION, utf8("c"))));
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {TEXT, BINARY})
    void refusesADataFrameWhileAFragmentedMessageIsOpenWith1002(int opcode) {
        feed(server, masked(false, TEXT, utf8("a")));

        assertViolation(1002, () -> feed(server, masked(true, opcode, utf8("b"))));
    }

    @Test
    void refusesA64BitLengthWithItsMostSignificantBitSetWith1002() {
        byte[] header = encodeHeader(true, 0, BINARY, Long.MIN_VALUE | 5, RawWebSocket.randomBytes(4));

        assertViolation(1002, () -> feed(server, header));
    }

    @Test
    void refusesAFrameOverTheSizeLimitWith1009FromItsHeaderAlone() {
        FrameReader limited = new FrameReader(sink, true, 1000, SETTING);
        byte[] header = encodeHeader(true, 0, BINARY, 1001, RawWebSocket.randomBytes(4));

        assertThatThrownBy(() -> feed(limited, header)).isInstanceOfSatisfying(ProtocolViolation.class, violation -> {
            assertThat(violation.closeCode()).isEqualTo(1009);
            assertThat(violation.getMessage()).contains("1001", "maxFrameSize=1000", "(" + SETTING + ")");
        });
        assertThat(sink.events).isEmpty();
    }

    @Test
    void acceptsAFrameOfExactlyTheSizeLimit() {
        FrameReader limited = new FrameReader(sink, true, 1000, SETTING);

        feed(limited, masked(true, BINARY, new byte[1000]));

        assertThat(sink.structure()).containsExactly("start binary fin=true rsv1=false length=1000", "end fin=true");
    }

    @Test
    void appliesTheSizeLimitToEachFragmentAlone() {
        FrameReader limited = new FrameReader(sink, true, 10, SETTING);

        feed(limited, masked(false, TEXT, new byte[10]), masked(true, CONTINUATION, new byte[10]));

        assertThat(sink.data.size()).isEqualTo(20);
    }

    @Test
    void doesNotApplyTheDataFrameLimitToControlFrames() {
        FrameReader limited = new FrameReader(sink, true, 10, SETTING);

        feed(limited, masked(true, PING, new byte[125]));

        assertThat(sink.events).hasSize(1);
    }

    @Test
    void namesTheRuleInTheViolationMessage() {
        assertThatThrownBy(() -> feed(server, encodeFrame(true, 0, TEXT, utf8("x"), false)))
                .hasMessageContaining("not masked");
        assertThat(sink.events).isEmpty();
    }
}
