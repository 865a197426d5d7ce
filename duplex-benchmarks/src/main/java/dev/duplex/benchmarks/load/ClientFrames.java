package dev.duplex.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Encodes client frames (masked, RFC 6455 §5.2–§5.3) independently of the library, so the load generator and the
 * micro-benchmarks do not test Duplex with Duplex's own encoder.
 */
public final class ClientFrames {
    public static final int OPCODE_CONTINUATION = 0x0;
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    private static final int FLAG_FIN = 0x80;
    private static final int FLAG_MASK = 0x80;

    private ClientFrames() {
    }

    /** One masked frame: header, the 4-byte key (big-endian: its first byte masks payload byte 0), payload. */
    public static byte[] encode(int opcode, boolean fin, byte[] payload, int maskKey) {
        int length = payload.length;
        int lengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + 4 + length];
        frame[0] = (byte) ((fin ? FLAG_FIN : 0) | opcode);
        int pos = 2;
        if (lengthBytes == 0) {
            frame[1] = (byte) (FLAG_MASK | length);
        } else if (lengthBytes == 2) {
            frame[1] = (byte) (FLAG_MASK | 126);
            frame[pos++] = (byte) (length >>> 8);
            frame[pos++] = (byte) length;
        } else {
            frame[1] = (byte) (FLAG_MASK | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[pos++] = (byte) ((long) length >>> shift);
            }
        }
        byte[] key = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        System.arraycopy(key, 0, frame, pos, 4);
        pos += 4;
        for (int i = 0; i < length; i++) {
            frame[pos + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        return frame;
    }

    /** A message's payload split into {@code fragments} masked frames, concatenated. */
    public static byte[] encodeFragmented(int opcode, byte[] payload, int fragments, int maskKey) {
        var out = new java.io.ByteArrayOutputStream(payload.length + fragments * 14);
        int step = (payload.length + fragments - 1) / fragments;
        for (int i = 0, start = 0; i < fragments; i++, start += step) {
            int end = Math.min(payload.length, start + step);
            byte[] piece = java.util.Arrays.copyOfRange(payload, Math.min(start, end), end);
            out.writeBytes(encode(i == 0 ? opcode : OPCODE_CONTINUATION, i == fragments - 1, piece, maskKey));
        }
        return out.toByteArray();
    }

    /** {@code size} bytes of printable ASCII, the text payload of the load scenarios. */
    public static byte[] asciiText(int size) {
        byte[] text = new byte[size];
        for (int i = 0; i < size; i++) {
            text[i] = (byte) ('a' + i % 26);
        }
        return text;
    }

    /**
     * About {@code size} bytes of valid UTF-8 mixing 1-, 2-, 3- and 4-byte sequences (cut at a code point
     * boundary at or below {@code size}).
     */
    public static byte[] mixedText(int size) {
        String unit = "plain ascii, ünïcödé, Ελληνικά, кириллица, 中文字符, emoji 😀🚀 ";
        var sb = new StringBuilder();
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < size) {
            sb.append(unit);
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        int end = Math.min(size, all.length);
        while (end > 0 && end < all.length && (all[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(all, end);
    }

    /** {@code size} pseudo-random bytes (fixed seed, so every run sends the same). */
    public static byte[] binary(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return data;
    }
}
