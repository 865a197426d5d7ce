package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Well-formed UTF-8 (RFC 3629 §4) as {@link Utf8Validator} judges it, whole and in pieces. */
class Utf8ValidatorTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** Validates through the {@link ByteBuf} path, the bytes placed at {@code offset} in a larger buffer. */
    private static boolean validInBuffer(byte[] bytes, int offset) {
        ByteBuf buf = Unpooled.buffer(offset + bytes.length + 8);
        buf.writeZero(offset).writeBytes(bytes).writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF});
        var validator = new Utf8Validator();
        return validator.update(buf, offset, bytes.length) && validator.isComplete();
    }

    /** Validates through the array path, the bytes placed at {@code offset} in a larger array. */
    private static boolean validInArray(byte[] bytes, int offset) {
        byte[] array = new byte[offset + bytes.length + 2];
        System.arraycopy(bytes, 0, array, offset, bytes.length);
        array[array.length - 2] = (byte) 0xFF;
        array[array.length - 1] = (byte) 0xFF;
        var validator = new Utf8Validator();
        return validator.update(array, offset, bytes.length) && validator.isComplete();
    }

    /** The JDK's strict decoder, which refuses overlongs, surrogates and code points above U+10FFFF. */
    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "41", "00", "7F", "C2 80", "DF BF", "E0 A0 80", "ED 9F BF", "EE 80 80", "EF BF BD",
        "EF BF BF", "F0 90 80 80", "F4 8F BF BF", "CE BA E1 BD B9 CF 83 CE BC CE B5"})
    void acceptsWellFormedSequences(String sequence) {
        assertThat(Utf8Validator.isValid(hex(sequence))).isTrue();
        assertThat(validInBuffer(hex(sequence), 3)).isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"C0 80", "C1 BF", "E0 80 80", "E0 9F BF", "F0 80 80 80", "F0 8F BF BF"})
    void refusesOverlongForms(String sequence) {
        assertThat(Utf8Validator.isValid(hex(sequence))).isFalse();
        assertThat(validInBuffer(hex(sequence), 0)).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"ED A0 80", "ED AF BF", "ED B0 80", "ED BF BF", "ED A0 80 ED B0 80"})
    void refusesSurrogates(String sequence) {
        assertThat(Utf8Validator.isValid(hex(sequence))).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"F4 90 80 80", "F4 BF BF BF", "F5 80 80 80", "F7 BF BF BF", "F8 88 80 80 80",
        "FC 84 80 80 80 80", "FE", "FF"})
    void refusesCodePointsAboveU10FFFFAndBytesThatNeverAppear(String sequence) {
        assertThat(Utf8Validator.isValid(hex(sequence))).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"80", "BF", "41 80", "C2 41", "E2 82 41", "F0 9F 98 41"})
    void refusesAMissingOrStrayContinuationByte(String sequence) {
        assertThat(Utf8Validator.isValid(hex(sequence))).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"C2", "E2", "E2 82", "F0", "F0 9F", "F0 9F 98", "41 CE"})
    void reportsATruncatedSequenceAsIncompleteButNotInvalid(String sequence) {
        var validator = new Utf8Validator();

        assertThat(validator.update(hex(sequence))).as("no byte is invalid yet").isTrue();
        assertThat(validator.isComplete()).isFalse();
    }

    @Test
    void refusesAtTheFirstByteThatCannotContinue() {
        byte[] bytes = hex("41 42 E0 80 43");
        var validator = new Utf8Validator();

        assertThat(validator.update(Arrays.copyOfRange(bytes, 0, 3))).isTrue();
        assertThat(validator.update(new byte[] {bytes[3]})).isFalse();
    }

    @Test
    void carriesAPartialCodePointFromOneUpdateToTheNext() {
        byte[] emoji = hex("F0 9F 98 80");
        var validator = new Utf8Validator();

        for (byte b : emoji) {
            assertThat(validator.update(new byte[] {b})).isTrue();
        }

        assertThat(validator.isComplete()).isTrue();
    }

    @Test
    void forgetsAPartialCodePointOnReset() {
        var validator = new Utf8Validator();
        validator.update(hex("E2 82"));

        validator.reset();

        assertThat(validator.isComplete()).isTrue();
        assertThat(validator.update(hex("41"))).isTrue();
    }

    @Test
    void findsAnInvalidByteAtEveryPositionAroundTheAsciiFastPath() {
        for (int length = 1; length <= 40; length++) {
            for (int position = 0; position < length; position++) {
                for (int offset = 0; offset < 8; offset++) {
                    byte[] bytes = new byte[length];
                    Arrays.fill(bytes, (byte) 'a');
                    bytes[position] = (byte) 0x80;
                    assertThat(validInBuffer(bytes, offset))
                            .as("length %d, 0x80 at %d, buffer offset %d", length, position, offset).isFalse();
                    assertThat(validInArray(bytes, offset))
                            .as("length %d, 0x80 at %d, array offset %d", length, position, offset).isFalse();
                }
            }
        }
    }

    @Test
    void acceptsAMultiByteCharacterAtEveryPositionAroundTheAsciiFastPath() {
        byte[] euro = hex("E2 82 AC");
        for (int position = 0; position <= 20; position++) {
            for (int offset = 0; offset < 8; offset++) {
                byte[] bytes = new byte[position + euro.length + 9];
                Arrays.fill(bytes, (byte) 'a');
                System.arraycopy(euro, 0, bytes, position, euro.length);
                assertThat(validInBuffer(bytes, offset)).as("euro sign at %d, buffer offset %d", position, offset)
                        .isTrue();
                assertThat(validInArray(bytes, offset)).as("euro sign at %d, array offset %d", position, offset)
                        .isTrue();
            }
        }
    }

    @Test
    void acceptsPureAsciiOfEveryLengthUpTo40() {
        for (int length = 0; length <= 40; length++) {
            byte[] bytes = new byte[length];
            Arrays.fill(bytes, (byte) 0x7F);
            assertThat(validInBuffer(bytes, length % 8)).as("length %d", length).isTrue();
            assertThat(validInArray(bytes, length % 8)).as("length %d, array", length).isTrue();
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomSequencesWholeAndSplit() {
        byte[] alphabet = hex("00 41 7F 80 8F 90 9F A0 BF C0 C1 C2 DF E0 E1 EC ED EE EF F0 F1 F3 F4 F5 FF");
        Random random = new Random(6455);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(9)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            boolean expected = jdkAccepts(bytes);
            String name = HexFormat.ofDelimiter(" ").formatHex(bytes);

            assertThat(Utf8Validator.isValid(bytes)).as(name).isEqualTo(expected);
            assertThat(validInBuffer(bytes, round % 8)).as(name).isEqualTo(expected);
            assertThat(validInArray(bytes, round % 8)).as(name).isEqualTo(expected);
            int cut = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            var validator = new Utf8Validator();
            boolean split = validator.update(Arrays.copyOfRange(bytes, 0, cut))
                    && validator.update(Arrays.copyOfRange(bytes, cut, bytes.length)) && validator.isComplete();
            assertThat(split).as("%s cut at %d", name, cut).isEqualTo(expected);
        }
    }
}
