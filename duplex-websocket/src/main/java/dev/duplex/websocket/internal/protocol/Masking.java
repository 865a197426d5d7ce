package dev.duplex.websocket.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The XOR masking of RFC 6455 §5.3, applied in place eight bytes at a time.
 *
 * <p>Masking key byte {@code j = (offset + i) % 4} applies to payload byte {@code i}; {@code offset} lets a frame's
 * payload be masked in pieces as it arrives.
 */
public final class Masking {
    private Masking() {
    }

    /**
     * XORs {@code length} bytes of {@code buf} from {@code index} with {@code maskKey} (big-endian: its first byte is
     * the first key byte on the wire), starting at key position {@code offset % 4}.
     */
    public static void apply(ByteBuf buf, int index, int length, int maskKey, long offset) {
        int rotated = Integer.rotateLeft(maskKey, 8 * (int) (offset & 3));
        long wide = ((long) rotated << 32) | (rotated & 0xFFFFFFFFL);
        int i = index;
        int end = index + length;
        for (; i + 8 <= end; i += 8) {
            buf.setLong(i, buf.getLong(i) ^ wide);
        }
        if (i + 4 <= end) {
            buf.setInt(i, buf.getInt(i) ^ rotated);
            i += 4;
        }
        for (int shift = 24; i < end; i++, shift -= 8) {
            buf.setByte(i, buf.getByte(i) ^ (rotated >>> shift));
        }
    }
}
