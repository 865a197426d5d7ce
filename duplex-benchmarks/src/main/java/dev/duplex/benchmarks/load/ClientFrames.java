package dev.duplex.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

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
    /** RSV1: the "Per-Message Compressed" bit of permessage-deflate (RFC 7692 §6), set on a message's first frame. */
    private static final int FLAG_RSV1 = 0x40;
    /** The end of a sync-flushed deflate block, which permessage-deflate leaves out of the message (§7.2.1). */
    private static final byte[] SYNC_FLUSH_TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    private static final int FLAG_MASK = 0x80;

    private ClientFrames() {
    }

    /** One masked frame: header, the 4-byte key (big-endian: its first byte masks payload byte 0), payload. */
    public static byte[] encode(int opcode, boolean fin, byte[] payload, int maskKey) {
        return encode(opcode, fin, false, payload, maskKey);
    }

    /**
     * One masked frame as {@link #encode(int, boolean, byte[], int)}, with RSV1 set when {@code compressed}: the
     * payload is then a message compressed by {@link #deflate}.
     */
    public static byte[] encode(int opcode, boolean fin, boolean compressed, byte[] payload, int maskKey) {
        int length = payload.length;
        int lengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + 4 + length];
        frame[0] = (byte) ((fin ? FLAG_FIN : 0) | (compressed ? FLAG_RSV1 : 0) | opcode);
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

    /**
     * A message's payload compressed for permessage-deflate (RFC 7692 §7.2.1): raw DEFLATE, sync-flushed, without
     * the trailing {@code 00 00 FF FF}. A fresh compressor per call, so the result refers to nothing sent before
     * (no context takeover) and the same bytes can be sent again and again.
     */
    public static byte[] deflate(byte[] payload) {
        var deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(payload);
            var out = new ByteArrayOutputStream(payload.length / 2 + 64);
            byte[] chunk = new byte[8192];
            int n;
            // SYNC_FLUSH output is complete once a call leaves room in the chunk.
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] all = out.toByteArray();
            int end = all.length - SYNC_FLUSH_TAIL.length;
            if (end < 0 || !Arrays.equals(all, end, all.length, SYNC_FLUSH_TAIL, 0, SYNC_FLUSH_TAIL.length)) {
                throw new IllegalStateException("a sync flush did not end with 00 00 FF FF");
            }
            return Arrays.copyOf(all, end);
        } finally {
            deflater.end();
        }
    }

    /**
     * {@code size} bytes of JSON-like ASCII, the text payload of the load scenarios: market-data records with
     * repeated keys and varying numbers (fixed seed), so it compresses about as well as real JSON traffic does, not
     * as well as a repeated pattern. Cut at {@code size}, so short payloads are not whole records.
     */
    public static byte[] jsonText(int size) {
        String[] symbols = {"ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI", "STARK", "WAYNE", "TYRELL"};
        String[] venues = {"XNAS", "XNYS", "BATS", "ARCX"};
        var random = new Random(42);
        var sb = new StringBuilder(size + 200);
        for (long seq = 1; sb.length() < size; seq++) {
            int bid = 1_000 + random.nextInt(90_000);
            int ask = bid + 1 + random.nextInt(20);
            sb.append("{\"seq\":").append(seq)
                    .append(",\"type\":\"quote\",\"symbol\":\"").append(symbols[random.nextInt(symbols.length)])
                    .append("\",\"bid\":").append(price(bid))
                    .append(",\"ask\":").append(price(ask))
                    .append(",\"size\":").append(100 * (1 + random.nextInt(50)))
                    .append(",\"venue\":\"").append(venues[random.nextInt(venues.length)])
                    .append("\",\"ts\":").append(1_763_780_000_000L + seq * 37 + random.nextInt(30))
                    .append("}\n");
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String price(int cents) {
        return cents / 100 + (cents % 100 < 10 ? ".0" : ".") + cents % 100;
    }

    /** {@code size} bytes of printable ASCII (a repeated alphabet), the text payload of the micro-benchmarks. */
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
