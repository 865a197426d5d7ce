package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The XOR masking of RFC 6455 §5.3, checked against a byte-by-byte reference. */
class MaskingTest {
    private final Random random = new Random(5_3);

    /** Byte {@code i} of the payload is XORed with key byte {@code (offset + i) % 4}, key bytes in wire order. */
    private static byte[] reference(byte[] payload, int maskKey, long offset) {
        byte[] key = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        byte[] out = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = (byte) (payload[i] ^ key[(int) ((offset + i) % 4)]);
        }
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Masks {@code payload} placed at {@code index} in a buffer and returns the masked bytes. */
    private static byte[] apply(byte[] payload, int index, int maskKey, long offset) {
        ByteBuf buf = Unpooled.buffer(index + payload.length + 16);
        buf.writeZero(index).writeBytes(payload).writeLong(-1L);
        Masking.apply(buf, index, payload.length, maskKey, offset);
        assertThat(ByteBufUtil.getBytes(buf, 0, index)).as("bytes before the range untouched")
                .isEqualTo(new byte[index]);
        assertThat(buf.getLong(index + payload.length)).as("bytes after the range untouched").isEqualTo(-1L);
        return ByteBufUtil.getBytes(buf, index, payload.length);
    }

    @Test
    void matchesTheReferenceForEveryLengthUpTo40AndEveryKeyOffset() {
        for (int length = 0; length <= 40; length++) {
            for (int offset = 0; offset < 4; offset++) {
                for (int index = 0; index < 4; index++) {
                    byte[] payload = randomBytes(length);
                    int maskKey = random.nextInt();
                    assertThat(apply(payload, index, maskKey, offset))
                            .as("length %d, key offset %d, buffer index %d", length, offset, index)
                            .isEqualTo(reference(payload, maskKey, offset));
                }
            }
        }
    }

    @Test
    void usesOnlyTheLowTwoBitsOfALargeOffset() {
        byte[] payload = randomBytes(23);
        int maskKey = 0x01020304;

        assertThat(apply(payload, 0, maskKey, (1L << 33) + 6)).isEqualTo(reference(payload, maskKey, 2));
    }

    @Test
    void masksInPiecesTheSameAsInOneGo() {
        byte[] payload = randomBytes(37);
        int maskKey = random.nextInt();
        ByteBuf buf = Unpooled.wrappedBuffer(payload.clone());

        Masking.apply(buf, 0, 5, maskKey, 0);
        Masking.apply(buf, 5, 11, maskKey, 5);
        Masking.apply(buf, 16, 21, maskKey, 16);

        assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(reference(payload, maskKey, 0));
    }

    @Test
    void unmasksWhatItMasked() {
        byte[] payload = randomBytes(33);
        int maskKey = random.nextInt();
        ByteBuf buf = Unpooled.wrappedBuffer(payload.clone());

        Masking.apply(buf, 0, payload.length, maskKey, 1);
        Masking.apply(buf, 0, payload.length, maskKey, 1);

        assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(payload);
    }

    @Test
    void masksAnArrayFromTheKeyTurnedToAnyOffsetLikeTheReference() {
        for (int length = 0; length <= 40; length++) {
            for (int offset = 0; offset < 4; offset++) {
                byte[] payload = randomBytes(length);
                int maskKey = random.nextInt();
                byte[] array = new byte[length + 6];
                System.arraycopy(payload, 0, array, 3, length);

                Masking.apply(array, 3, length, Masking.keyAt(maskKey, offset + 8L));

                assertThat(java.util.Arrays.copyOfRange(array, 3, 3 + length))
                        .as("length %d, key offset %d", length, offset).isEqualTo(reference(payload, maskKey, offset));
                assertThat(java.util.Arrays.copyOfRange(array, 0, 3)).as("before the range").containsOnly(0);
                assertThat(java.util.Arrays.copyOfRange(array, 3 + length, array.length)).as("after the range")
                        .containsOnly(0);
            }
        }
    }

    @Test
    void aZeroKeyLeavesThePayloadAsItIs() {
        assertThat(Masking.keyAt(0, 3)).isZero();
        byte[] payload = randomBytes(40);
        byte[] array = payload.clone();

        Masking.apply(array, 0, array.length, 0);

        assertThat(array).isEqualTo(payload);
    }
}
