package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Encoding of messages into frames (RFC 6455 §5.2, §5.3, §5.4) by {@link FrameWriter}. */
class FrameWriterTest {
    private static final String EMOJI = new String(Character.toChars(0x1F600));

    /** One decoded frame. */
    private record Frame(boolean fin, int opcode, boolean masked, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static FrameWriter server(int maxFrameSize) {
        return new FrameWriter(UnpooledByteBufAllocator.DEFAULT, false, maxFrameSize);
    }

    private static FrameWriter client(int maxFrameSize) {
        return new FrameWriter(UnpooledByteBufAllocator.DEFAULT, true, maxFrameSize);
    }

    /** Decodes every frame in {@code out} (and releases it), independently of {@link FrameReader}. */
    private static List<Frame> decode(ByteBuf out) {
        try {
            List<Frame> frames = new ArrayList<>();
            while (out.isReadable()) {
                int b0 = out.readUnsignedByte();
                int b1 = out.readUnsignedByte();
                assertThat(b0 & 0x70).as("reserved bits").isZero();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = out.readUnsignedShort();
                } else if (length == 127) {
                    length = out.readLong();
                }
                boolean masked = (b1 & 0x80) != 0;
                byte[] key = new byte[4];
                if (masked) {
                    out.readBytes(key);
                }
                byte[] payload = new byte[(int) length];
                out.readBytes(payload);
                for (int i = 0; masked && i < payload.length; i++) {
                    payload[i] ^= key[i & 3];
                }
                frames.add(new Frame((b0 & 0x80) != 0, b0 & 0x0F, masked, payload));
            }
            return frames;
        } finally {
            out.release();
        }
    }

    private static byte[] join(List<Frame> frames) {
        var joined = new ByteArrayOutputStream();
        frames.forEach(frame -> joined.writeBytes(frame.payload()));
        return joined.toByteArray();
    }

    private static boolean isWholeUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The first frame is text or binary, the rest continuations, only the last final, none masked. */
    private static void assertServerFragments(List<Frame> frames, int opcode) {
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            assertThat(frame.opcode()).as("opcode of frame %d", i)
                    .isEqualTo(i == 0 ? opcode : WebSocketProtocol.OPCODE_CONTINUATION);
            assertThat(frame.fin()).as("fin of frame %d", i).isEqualTo(i == frames.size() - 1);
            assertThat(frame.masked()).isFalse();
        }
    }

    // ---- header sizes ----

    @ParameterizedTest(name = "{0} bytes: header {1}")
    @CsvSource({"0, 2, 0", "125, 2, 125", "126, 4, 126", "65535, 4, 126", "65536, 10, 127"})
    void usesTheShortestLengthEncodingOnTheServer(int length, int headerSize, int lengthField) {
        ByteBuf out = server(1 << 20).binary(new byte[length]);

        assertThat(out.readableBytes()).isEqualTo(headerSize + length);
        assertThat(out.getUnsignedByte(0)).isEqualTo((short) 0x82);
        assertThat(out.getUnsignedByte(1)).as("no mask bit, length field").isEqualTo((short) lengthField);
        if (headerSize == 4) {
            assertThat(out.getUnsignedShort(2)).isEqualTo(length);
        } else if (headerSize == 10) {
            assertThat(out.getLong(2)).isEqualTo(length);
        }
        out.release();
    }

    @ParameterizedTest(name = "{0} bytes: header {1}")
    @CsvSource({"0, 6", "125, 6", "126, 8", "65535, 8", "65536, 14"})
    void addsAMaskingKeyToEveryClientHeader(int length, int headerSize) {
        ByteBuf out = client(1 << 20).text("x".repeat(length));

        assertThat(out.readableBytes()).isEqualTo(headerSize + length);
        assertThat(out.getUnsignedByte(1) & 0x80).as("mask bit").isEqualTo(0x80);
        out.release();
    }

    // ---- client masking ----

    @Test
    void masksClientFramesSoThatTheyUnmaskToThePayload() {
        byte[] data = new byte[300];
        Arrays.fill(data, (byte) 0x55);
        ByteBuf out = client(65536).binary(data);
        byte[] onTheWire = ByteBufUtil.getBytes(out, 8, 300);

        List<Frame> frames = decode(out);

        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.masked()).isTrue();
            assertThat(frame.payload()).isEqualTo(data);
        });
        assertThat(onTheWire).as("the payload on the wire is masked").isNotEqualTo(data);
    }

    @Test
    void doesNotMaskServerFrames() {
        assertThat(decode(server(65536).text("Hello"))).singleElement()
                .satisfies(frame -> assertThat(frame.masked()).isFalse());
    }

    @Test
    void masksEveryFragmentOfAClientMessage() {
        List<Frame> frames = decode(client(4).text("0123456789"));

        assertThat(frames).hasSize(3).allSatisfy(frame -> assertThat(frame.masked()).isTrue());
        assertThat(new String(join(frames), StandardCharsets.UTF_8)).isEqualTo("0123456789");
    }

    // ---- large messages: pooled pieces (used when Netty has no Unsafe; forced here) ----

    private static FrameWriter inPieces(boolean mask, int maxFrameSize) {
        return new FrameWriter(PooledByteBufAllocator.DEFAULT, mask, maxFrameSize, FrameWriter.PIECES_ABOVE);
    }

    private static byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {FrameWriter.PIECES_ABOVE - 10, FrameWriter.PIECES_ABOVE - 9, 1 << 20,
            (1 << 20) + FrameWriter.PIECE_SIZE / 2 + 3})
    void writesALargeBinaryMessageAsOneFrameWhateverBufferItTakes(int length) {
        byte[] data = randomBytes(length);

        List<Frame> frames = decode(inPieces(false, 16 << 20).binary(data));

        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.fin()).isTrue();
            assertThat(frame.payload()).isEqualTo(data);
        });
    }

    @Test
    void writesALargeMessageAcrossPooledPiecesOfAtMostPieceSize() {
        ByteBuf out = inPieces(false, 16 << 20).binary(new byte[1 << 20]);
        try {
            assertThat(out).isInstanceOf(CompositeByteBuf.class);
            var composite = (CompositeByteBuf) out;
            assertThat(composite.numComponents()).isEqualTo((10 + (1 << 20) + FrameWriter.PIECE_SIZE - 1)
                    / FrameWriter.PIECE_SIZE);
            assertThat(composite.readableBytes()).isEqualTo(10 + (1 << 20));
            assertThat(composite.component(0).capacity()).isEqualTo(FrameWriter.PIECE_SIZE);
        } finally {
            out.release();
        }
    }

    @Test
    void masksEveryByteOfALargeClientMessageAcrossPieces() {
        byte[] data = randomBytes((1 << 20) + 5);

        List<Frame> frames = decode(inPieces(true, 16 << 20).binary(data));

        assertThat(frames).singleElement().satisfies(frame -> assertThat(frame.payload()).isEqualTo(data));
    }

    @Test
    void fragmentsALargeTextMessageAcrossPiecesOnCodePoints() {
        String text = ("a\u00e9\u20ac" + EMOJI).repeat(40_000);

        List<Frame> frames = decode(inPieces(true, 100_000).text(text));

        assertThat(frames).hasSizeGreaterThan(3).allSatisfy(frame -> {
            assertThat(frame.masked()).isTrue();
            assertThat(isWholeUtf8(frame.payload())).isTrue();
        });
        assertThat(new String(join(frames), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    // ---- fragmentation ----

    @Test
    void sendsAMessageOfExactlyMaxFrameSizeInOneFrame() {
        assertThat(decode(server(10).text("0123456789"))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {FrameWriter.ENCODE_IN_PLACE_MAX_CHARS, FrameWriter.ENCODE_IN_PLACE_MAX_CHARS + 1, 5000})
    void sendsMixedTextOfAnyLengthUpToMaxFrameSizeAsOneFrameOfItsUtf8(int chars) {
        String text = "a\u00e9\u20ac".repeat(chars).substring(0, chars);

        List<Frame> frames = decode(server(65536).text(text));

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).opcode()).isEqualTo(WebSocketProtocol.OPCODE_TEXT);
        assertThat(frames.get(0).payload()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fragmentsBinaryIntoPiecesOfMaxFrameSize() {
        byte[] data = new byte[25];
        Arrays.fill(data, (byte) 7);

        List<Frame> frames = decode(server(10).binary(data));

        assertServerFragments(frames, WebSocketProtocol.OPCODE_BINARY);
        assertThat(frames).extracting(frame -> frame.payload().length).containsExactly(10, 10, 5);
        assertThat(join(frames)).isEqualTo(data);
    }

    @Test
    void fragmentsTextOnlyBetweenCodePoints() {
        String text = ("a\u00e9\u20ac" + EMOJI + "\u03ba\u1f79\u03c3\u03bc\u03b5 ").repeat(5);

        List<Frame> frames = decode(server(10).text(text));

        assertServerFragments(frames, WebSocketProtocol.OPCODE_TEXT);
        assertThat(frames).allSatisfy(frame -> {
            assertThat(frame.payload().length).isBetween(1, 10);
            assertThat(isWholeUtf8(frame.payload())).as("frame %s is whole UTF-8", frame.text()).isTrue();
        });
        assertThat(new String(join(frames), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void fragmentsFourByteCharactersBetweenCharacters() {
        List<Frame> frames = decode(server(10).text(EMOJI.repeat(5)));

        assertThat(frames).extracting(Frame::text).containsExactly(EMOJI.repeat(2), EMOJI.repeat(2), EMOJI);
    }

    @Test
    void sendsACharacterLongerThanMaxFrameSizeWholeRatherThanAnEmptyFrame() {
        List<Frame> frames = decode(server(2).text("a" + EMOJI + "b"));

        assertThat(frames).extracting(Frame::text).containsExactly("a", EMOJI, "b");
    }

    @Test
    void sendsOneCharacterPerFrameWhenMaxFrameSizeIsOne() {
        List<Frame> frames = decode(server(1).text(EMOJI + "\u00e9a"));

        assertThat(frames).extracting(Frame::text).containsExactly(EMOJI, "\u00e9", "a");
    }

    @Test
    void findsTheCodePointBoundaryAtOrBeforeTheLimit() {
        byte[] utf8 = ("ab" + EMOJI + "c").getBytes(StandardCharsets.UTF_8);

        assertThat(FrameWriter.codePointBoundary(utf8, 0, 2)).isEqualTo(2);
        assertThat(FrameWriter.codePointBoundary(utf8, 0, 4)).isEqualTo(2);
        assertThat(FrameWriter.codePointBoundary(utf8, 0, 5)).isEqualTo(2);
        assertThat(FrameWriter.codePointBoundary(utf8, 2, 4)).as("past the limit").isEqualTo(6);
        assertThat(FrameWriter.codePointBoundary(utf8, 2, 6)).isEqualTo(6);
    }

    // ---- binary sources ----

    @Test
    void writesPartOfAnArray() {
        byte[] data = {1, 2, 3, 4, 5};

        assertThat(decode(server(100).binary(data, 1, 3))).singleElement()
                .satisfies(frame -> assertThat(frame.payload()).containsExactly(2, 3, 4));
    }

    @Test
    void writesTheRemainingBytesOfAByteBufferWithoutMovingItsPosition() {
        ByteBuffer heap = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        heap.position(1);
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {7, 8, 9}).flip();

        assertThat(decode(server(100).binary(heap)).get(0).payload()).containsExactly(2, 3, 4);
        assertThat(decode(server(100).binary(direct)).get(0).payload()).containsExactly(7, 8, 9);
        assertThat(heap.position()).isEqualTo(1);
        assertThat(direct.position()).isZero();
    }

    // ---- control frames ----

    @Test
    void writesAPingOf125Bytes() {
        assertThat(decode(server(10).control(WebSocketProtocol.OPCODE_PING, new byte[125]))).singleElement()
                .satisfies(frame -> {
                    assertThat(frame.opcode()).isEqualTo(WebSocketProtocol.OPCODE_PING);
                    assertThat(frame.fin()).isTrue();
                    assertThat(frame.payload()).hasSize(125);
                });
    }

    @Test
    void refusesAControlPayloadOver125Bytes() {
        assertThatThrownBy(() -> server(10).control(WebSocketProtocol.OPCODE_PONG, new byte[126]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("126 bytes");
    }

    @Test
    void writesACloseFrameWithCodeAndReason() {
        Frame close = decode(server(10).close(4000, "bye \u00e9")).get(0);

        assertThat(close.opcode()).isEqualTo(WebSocketProtocol.OPCODE_CLOSE);
        assertThat(close.payload()).startsWith(0x0F, 0xA0);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                .isEqualTo("bye \u00e9");
    }

    @Test
    void writesAnEmptyCloseFrameForNoStatus() {
        assertThat(decode(server(10).close(1005, "")).get(0).payload()).isEmpty();
    }
}
