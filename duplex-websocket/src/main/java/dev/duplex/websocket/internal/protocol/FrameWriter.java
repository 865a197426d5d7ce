package dev.duplex.websocket.internal.protocol;

import static dev.duplex.websocket.internal.protocol.WebSocketProtocol.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes whole messages into RFC 6455 frames (§5.2): one buffer holds every frame of a message, so a message is
 * written as one unit and never interleaves with another. Messages longer than {@code maxFrameSize} are fragmented;
 * text only on code point boundaries. A client masks every frame with a fresh key (§5.3).
 *
 * <p>Knows nothing about sockets. Thread safety: safe from any thread while it does not compress; once
 * {@link #compressWith} is called, callers must serialize calls in wire order.
 */
public final class FrameWriter {
    /**
     * Text of up to this many chars is encoded straight into the frame's buffer, char by char, with no temporary
     * array; longer text goes through the JDK's {@code String.getBytes(UTF_8)} (vectorised for compact strings) and
     * one copy: several times faster from a few hundred bytes on, for one temporary array of the payload's size
     * ({@code FrameEncodeBenchmark}: on par at 64 bytes, ahead from 256).
     */
    static final int ENCODE_IN_PLACE_MAX_CHARS = 128;
    /**
     * Whether encoding in place is the faster way at all: without {@code Unsafe} (JDK 24+ by default) Netty writes
     * each char into a direct buffer through a checked {@code ByteBuffer.put}, which took 27 % of the event loop's
     * samples for 64-byte text replies on JDK 25; one bulk copy of {@code String.getBytes} is several times cheaper
     * there, for one small temporary array.
     */
    private static final boolean IN_PLACE_IS_FAST = PlatformDependent.hasUnsafe();
    /**
     * When Netty cannot use {@code Unsafe} (JDK 24+ without {@code --sun-misc-unsafe-memory-access=allow}), messages
     * whose frames take more than this many bytes are written into pooled pieces of up to {@link #PIECE_SIZE} bytes,
     * gathered in one composite buffer, instead of into one buffer: Netty's adaptive allocator pools buffers of up to
     * 1 MiB (256 KiB in its low-memory mode) and gives larger ones memory of their own, allocated, zeroed (without
     * {@code Unsafe}) and freed per message. The socket writes the pieces with one gathering write. A 1 MiB message in
     * 64 KiB frames takes just over 1 MiB: {@code FrameEncodeBenchmark.serverBinary} (adaptive) on JDK 25 without
     * Unsafe went from about 180 to 110 µs with 256 KiB pieces (140 with 64 KiB ones). With {@code Unsafe} (JDK 17)
     * that memory is not zeroed and pieces measured slower (server 94 against 100 µs, masked client 129 against 164),
     * so messages stay in one buffer there.
     */
    static final int PIECES_ABOVE = 256 * 1024;
    static final int PIECE_SIZE = 256 * 1024;

    private final ByteBufAllocator allocator;
    private final boolean mask;
    private final int maxFrameSize;
    /** {@link #PIECES_ABOVE}, or no limit when Netty uses {@code Unsafe}. */
    private final int piecesAbove;
    /** Set when permessage-deflate is agreed; then calls must come in wire order (the connection's send lock). */
    private MessageDeflater deflater;

    /**
     * @param allocator    where buffers come from
     * @param mask         {@code true} for a client (frames are masked), {@code false} for a server
     * @param maxFrameSize the largest payload of one outbound frame
     */
    public FrameWriter(ByteBufAllocator allocator, boolean mask, int maxFrameSize) {
        this(allocator, mask, maxFrameSize, PlatformDependent.hasUnsafe() ? Integer.MAX_VALUE : PIECES_ABOVE);
    }

    /** As above; messages whose frames take more than {@code piecesAbove} bytes are written into pieces. */
    FrameWriter(ByteBufAllocator allocator, boolean mask, int maxFrameSize, int piecesAbove) {
        this.allocator = allocator;
        this.mask = mask;
        this.maxFrameSize = maxFrameSize;
        this.piecesAbove = piecesAbove;
    }

    /**
     * Compresses messages with {@code deflater} from now on (permessage-deflate). From then on the writer is
     * stateful: {@link #text} and {@link #binary} must be called in the order their frames go on the wire.
     */
    public void compressWith(MessageDeflater deflater) {
        this.deflater = deflater;
    }

    /** Whether messages may be compressed, so encoding must happen in wire order. */
    public boolean compresses() {
        return deflater != null;
    }

    /**
     * The parameters of a compressed frame this writer would make for any message regardless of the messages before
     * it, or {@code null} when it does not compress or keeps its compression context between messages.
     */
    public MessageDeflater.Shared sharedCompression() {
        return deflater == null ? null : deflater.shared();
    }

    /** Frees the deflater, if any. */
    public void release() {
        if (deflater != null) {
            deflater.release();
        }
    }

    /** A text message, fragmented on code point boundaries when its UTF-8 form exceeds {@code maxFrameSize}. */
    public ByteBuf text(String text) {
        if (deflater != null) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            byte[] deflated = deflater.compress(utf8, 0, utf8.length);
            if (deflated != null) {
                return fragments(OPCODE_TEXT, deflated, 0, deflated.length, false, true);
            }
            return utf8.length <= maxFrameSize ? single(OPCODE_TEXT, utf8, 0, utf8.length)
                    : fragments(OPCODE_TEXT, utf8, 0, utf8.length, true, false);
        }
        if (IN_PLACE_IS_FAST && text.length() <= ENCODE_IN_PLACE_MAX_CHARS) {
            int length = ByteBufUtil.utf8Bytes(text);
            if (length <= maxFrameSize) {
                ByteBuf out = buffer(headerSize(length) + length);
                int maskKey = writeHeader(out, B0_FLAG_FIN | OPCODE_TEXT, length);
                int start = out.writerIndex();
                ByteBufUtil.reserveAndWriteUtf8(out, text, length);
                maskPayload(out, start, length, maskKey);
                return out;
            }
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= maxFrameSize ? single(OPCODE_TEXT, utf8, 0, utf8.length)
                : fragments(OPCODE_TEXT, utf8, 0, utf8.length, true, false);
    }

    /** A binary message from an array; the bytes are copied. */
    public ByteBuf binary(byte[] data) {
        return binary(data, 0, data.length);
    }

    /** A binary message from part of an array; the bytes are copied. */
    public ByteBuf binary(byte[] data, int offset, int length) {
        if (deflater != null) {
            byte[] deflated = deflater.compress(data, offset, length);
            if (deflated != null) {
                return fragments(OPCODE_BINARY, deflated, 0, deflated.length, false, true);
            }
        }
        if (length <= maxFrameSize) {
            return single(OPCODE_BINARY, data, offset, length);
        }
        return fragments(OPCODE_BINARY, data, offset, length, false, false);
    }

    private ByteBuf single(int opcode, byte[] data, int offset, int length) {
        ByteBuf out = buffer(headerSize(length) + length);
        int maskKey = writeHeader(out, B0_FLAG_FIN | opcode, length);
        int start = out.writerIndex();
        out.writeBytes(data, offset, length);
        maskPayload(out, start, length, maskKey);
        return out;
    }

    /** A binary message from a buffer's remaining bytes; the buffer's position is not changed. */
    public ByteBuf binary(ByteBuffer data) {
        ByteBuffer view = data.duplicate();
        if (view.hasArray()) {
            return binary(view.array(), view.arrayOffset() + view.position(), view.remaining());
        }
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return binary(copy);
    }

    /** A ping, pong or close frame with {@code payload}. @throws IllegalArgumentException over 125 bytes */
    public ByteBuf control(int opcode, byte[] payload) {
        if (payload.length > PAYLOAD_CONTROL_MAX) {
            throw new IllegalArgumentException(opcodeName(opcode) + " payload of " + payload.length
                    + " bytes exceeds the " + PAYLOAD_CONTROL_MAX + " bytes a control frame can carry");
        }
        ByteBuf out = allocator.buffer(headerSize(payload.length) + payload.length);
        int maskKey = writeHeader(out, B0_FLAG_FIN | opcode, payload.length);
        int start = out.writerIndex();
        out.writeBytes(payload);
        maskPayload(out, start, payload.length, maskKey);
        return out;
    }

    /** A close frame with {@code code} and {@code reason}; {@link WebSocketProtocol#CLOSE_NO_STATUS} sends an empty one. */
    public ByteBuf close(int code, String reason) {
        if (code == CLOSE_NO_STATUS) {
            return control(OPCODE_CLOSE, new byte[0]);
        }
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        return control(OPCODE_CLOSE, payload);
    }

    /**
     * Every frame of a message in one buffer; {@code splitOnCodePoints} for uncompressed text, {@code compressed} sets
     * RSV1 on the first frame (RFC 7692 §6).
     */
    private ByteBuf fragments(int opcode, byte[] data, int offset, int length, boolean splitOnCodePoints,
                              boolean compressed) {
        int frames = (length + maxFrameSize - 1) / maxFrameSize + 1;
        ByteBuf out = buffer(length + frames * (mask ? 8 : 4) + HEADER_MAX_SIZE);
        int end = offset + length;
        int start = offset;
        boolean first = true;
        if (length == 0) {
            int maskKey = writeHeader(out, B0_FLAG_FIN | opcode | (compressed ? B0_FLAG_RSV1 : 0), 0);
            maskPayload(out, out.writerIndex(), 0, maskKey);
            return out;
        }
        while (start < end) {
            int stop = Math.min(start + maxFrameSize, end);
            if (splitOnCodePoints && stop < end) {
                stop = codePointBoundary(data, start, stop);
            }
            boolean last = stop == end;
            int b0 = (last ? B0_FLAG_FIN : 0) | (first ? opcode : OPCODE_CONTINUATION)
                    | (first && compressed ? B0_FLAG_RSV1 : 0);
            int size = stop - start;
            int maskKey = writeHeader(out, b0, size);
            int payloadStart = out.writerIndex();
            out.writeBytes(data, start, size);
            maskPayload(out, payloadStart, size, maskKey);
            start = stop;
            first = false;
        }
        return out;
    }

    /**
     * An empty buffer of {@code capacity} bytes: one buffer, or above {@link #piecesAbove} a composite of pooled
     * pieces that the frames are written across.
     */
    private ByteBuf buffer(int capacity) {
        if (capacity <= piecesAbove) {
            return allocator.buffer(capacity);
        }
        int pieces = (capacity + PIECE_SIZE - 1) / PIECE_SIZE;
        CompositeByteBuf out = allocator.compositeBuffer(pieces);
        try {
            for (int left = capacity; left > 0; left -= PIECE_SIZE) {
                int size = Math.min(left, PIECE_SIZE);
                // A component's length is its readable bytes when added; the composite's writerIndex stays at 0.
                out.addComponent(false, allocator.buffer(size, size).writerIndex(size));
            }
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
        return out;
    }

    /**
     * The largest end at or before {@code stop} that does not split a UTF-8 sequence, or past {@code stop} when one
     * character alone is longer than the frame size (so a frame is never empty).
     */
    static int codePointBoundary(byte[] utf8, int start, int stop) {
        int end = stop;
        while (end > start && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        if (end > start) {
            return end;
        }
        end = stop;
        while (end < utf8.length && (utf8[end] & 0xC0) == 0x80) {
            end++;
        }
        return end;
    }

    private int headerSize(int length) {
        int size = length <= PAYLOAD_BYTE_MAX ? 2 : length <= PAYLOAD_SHORT_MAX ? 4 : 10;
        return mask ? size + 4 : size;
    }

    /** Writes a frame header; returns the masking key (0 for a server). */
    private int writeHeader(ByteBuf out, int b0, int length) {
        out.writeByte(b0);
        int maskBit = mask ? B1_FLAG_MASK : 0;
        if (length <= PAYLOAD_BYTE_MAX) {
            out.writeByte(maskBit | length);
        } else if (length <= PAYLOAD_SHORT_MAX) {
            out.writeByte(maskBit | PAYLOAD_SHORT);
            out.writeShort(length);
        } else {
            out.writeByte(maskBit | PAYLOAD_LONG);
            out.writeLong(length);
        }
        if (!mask) {
            return 0;
        }
        int maskKey = ThreadLocalRandom.current().nextInt();
        out.writeInt(maskKey);
        return maskKey;
    }

    private void maskPayload(ByteBuf out, int start, int length, int maskKey) {
        if (mask && length > 0) {
            Masking.apply(out, start, length, maskKey, 0);
        }
    }
}
