package dev.duplex.websocket.internal.protocol;

import static dev.duplex.websocket.internal.protocol.WebSocketProtocol.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Joins data frames into messages and enforces the message-level rules: the message size limit (checked when each
 * frame's header announces its length, before its payload arrives), UTF-8 validity of text checked incrementally
 * across fragments (RFC 6455 §8.1, close 1007 at the first bad byte), and the close frame's body (§5.5.1, §7.4).
 *
 * <p>A message that comes in one frame (the usual case) is copied, as its bytes arrive and still masked, into a
 * {@code byte[]} of exactly its length, then unmasked and checked there (the read buffer is read once), the array
 * grown fourfold up to the length the header announced and never allocated ahead of the bytes;
 * it is handed on as an {@link ArrayMessage}, whose array becomes the application's {@code byte[]}, or its
 * {@code String}, without another copy. The buffers the bytes arrived in go back to the allocator at once, on the
 * event loop that took them: holding slices of them until a worker thread released them kept Netty's allocator
 * making fresh chunks (WORKER mode, 16 KiB messages: 2.5 times the CPU per message; see {@code docs/performance.md}).
 * A fragmented message is built from retained slices of large pieces and copies of small ones (see
 * {@link #SLICE_MIN}), so that it costs about its payload however it is cut.
 *
 * <p>Thread safety: not thread-safe; owned by the connection's event loop.
 */
public final class MessageAssembler implements FrameReader.Sink {

    /** Receives whole messages and control frames. */
    public interface MessageSink {
        /** A whole text message, valid UTF-8; the callee owns (and must release) {@code utf8}. */
        void textMessage(ByteBuf utf8);

        /** A whole binary message; the callee owns (and must release) {@code data}. */
        void binaryMessage(ByteBuf data);

        /** A ping; the payload is valid only during the call. */
        void ping(ByteBuf payload);

        /** A pong; the payload is valid only during the call. */
        void pong(ByteBuf payload);

        /** A valid close frame; {@code code} is 1005 when the frame carried none. */
        void close(int code, String reason);
    }

    private final ByteBufAllocator allocator;
    private final MessageSink sink;
    private final long maxMessageSize;
    private final String maxMessageSizeSetting;
    /** Checks the current text message; made by the first text message (many connections never get one). */
    private Utf8Validator utf8;

    /**
     * The smallest piece kept as a slice of the buffer it arrived in rather than copied: below it, the slice's object
     * and the buffer it keeps alive would cost more than the bytes (finding: a message of a million one-byte
     * fragments once held 84 MiB for a 1 MiB message).
     */
    static final int SLICE_MIN = 8192;

    private int messageOpcode;
    private long messageSize;
    /** Whether the current message is copied into {@link #array} as it arrives (see the class comment). */
    private boolean copying;
    /** The payload length the current frame's header announced: a claim, never allocated ahead of its bytes. */
    private long frameLength;
    /** Bytes of the current frame received so far. */
    private long frameReceived;
    private ByteBuf single;
    /** The bytes of an unfragmented message so far: {@link #arrayLength} of them; exactly full at the end. */
    private byte[] array;
    private int arrayLength;
    private CompositeByteBuf composite;
    /**
     * Small pieces of a message that is not kept as one slice, copied together as they arrive; grows with the bytes
     * received (doubling), so it costs at most twice the bytes it holds.
     */
    private ByteBuf tail;
    /** Set once permessage-deflate is agreed; {@code null} otherwise. */
    private MessageInflater inflater;
    /** Whether the current message is compressed (RSV1 on its first frame). */
    private boolean compressed;
    /** The inflated bytes of the current compressed message. */
    private ByteBuf inflated;
    /** Where {@link #inflater} puts its bytes; made with it. */
    private MessageInflater.Output inflatedOutput;

    public MessageAssembler(ByteBufAllocator allocator, MessageSink sink, long maxMessageSize,
                            String maxMessageSizeSetting) {
        this.allocator = allocator;
        this.sink = sink;
        this.maxMessageSize = maxMessageSize;
        this.maxMessageSizeSetting = maxMessageSizeSetting;
    }

    /** Inflates messages whose first frame has RSV1 set (permessage-deflate agreed). */
    public void inflateWith(MessageInflater inflater) {
        this.inflater = inflater;
        this.inflatedOutput = this::inflatedBytes;
    }

    @Override
    public void dataFrameStart(int opcode, boolean fin, boolean rsv1, long length) {
        if (opcode != OPCODE_CONTINUATION) {
            messageOpcode = opcode;
            messageSize = 0;
            if (opcode == OPCODE_TEXT) {
                if (utf8 == null) {
                    utf8 = new Utf8Validator();
                } else {
                    utf8.reset();
                }
            }
            compressed = rsv1 && inflater != null;
        }
        if (messageSize + length > maxMessageSize) {
            String size = fin && opcode != OPCODE_CONTINUATION
                    ? String.valueOf(length) : "at least " + (messageSize + length);
            throw new ProtocolViolation(CLOSE_MESSAGE_TOO_BIG, opcodeName(messageOpcode) + " message of " + size
                    + " bytes exceeds maxMessageSize=" + maxMessageSize + " (" + maxMessageSizeSetting + ")");
        }
        copying = fin && opcode != OPCODE_CONTINUATION && !compressed;
        frameLength = length;
        frameReceived = 0;
    }

    @Override
    public void dataPayload(ByteBuf buffer, int index, int length, int mask) {
        if (copying) {
            // Copied out, then unmasked and checked in the copy: the read buffer is read once.
            int at = arrayLength;
            copyToArray(buffer, index, length);
            if (mask != 0) {
                Masking.apply(array, at, length, mask);
            }
            if (messageOpcode == OPCODE_TEXT && !utf8.update(array, at, length)) {
                throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
            messageSize += length;
            frameReceived += length;
            return;
        }
        if (mask != 0) {
            Masking.apply(buffer, index, length, mask, 0);
        }
        if (compressed) {
            messageSize += length;
            inflater.inflate(buffer.slice(index, length), inflatedOutput);
            return;
        }
        if (messageOpcode == OPCODE_TEXT && !utf8.update(buffer, index, length)) {
            throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "text message is not valid UTF-8");
        }
        messageSize += length;
        boolean wholeFrame = frameReceived == 0 && length == frameLength;
        frameReceived += length;
        if (single == null && composite == null && tail == null && wholeFrame && messageOpcode != OPCODE_TEXT) {
            // A binary frame that arrived whole: kept without a copy (a fragmented message goes on below).
            single = buffer.retainedSlice(index, length);
            return;
        }
        if (length >= SLICE_MIN && length * 2 >= buffer.capacity()) {
            keepSlice(buffer.retainedSlice(index, length));
        } else {
            copyToTail(buffer, index, length);
        }
    }

    /**
     * Copies a piece of an unfragmented message into its array, grown fourfold up to the frame's length: fewer copies
     * of a large message arriving in 64 KiB reads than by doubling (1 MiB echo: 10-40% less CPU per message in A/B runs), and
     * never larger than the frame the header announced, itself within the message size limit.
     */
    private void copyToArray(ByteBuf buffer, int index, int length) {
        if (array == null) {
            array = new byte[firstCapacity(length, frameLength)];
        } else if (arrayLength + length > array.length) {
            array = Arrays.copyOf(array,
                    (int) Math.min(frameLength, Math.max(4L * array.length, (long) arrayLength + length)));
        }
        ArrayMessage.copy(buffer, index, array, arrayLength, length);
        arrayLength += length;
    }

    /**
     * The first buffer for a frame's copy: exactly its length when the whole payload is here, otherwise room for what
     * arrived with some to spare, never the length the header only claims.
     */
    private static int firstCapacity(int arrived, long claimed) {
        if (arrived >= claimed) {
            return (int) claimed;
        }
        return (int) Math.min(claimed, Math.max(256, 2L * arrived));
    }

    /** Keeps a large piece as a component of its own, behind the pieces before it. */
    private void keepSlice(ByteBuf slice) {
        CompositeByteBuf message = composite();
        if (tail != null) {
            message.addComponent(true, tail);
            tail = null;
        }
        message.addComponent(true, slice);
    }

    /** Copies a small piece behind the pieces before it; the copy grows with the bytes received. */
    private void copyToTail(ByteBuf buffer, int index, int length) {
        if (tail == null) {
            if (single != null) {
                // A binary frame kept whole, now followed by more of its message: it becomes the first component.
                composite();
            }
            int limit = (int) Math.min(maxMessageSize, Integer.MAX_VALUE);
            tail = allocator.heapBuffer(Math.min(limit, Math.max(256, Math.min(length * 2, SLICE_MIN))), limit);
        }
        tail.writeBytes(buffer, index, length);
    }

    private CompositeByteBuf composite() {
        if (composite == null) {
            composite = allocator.compositeBuffer(Integer.MAX_VALUE);
            if (single != null) {
                composite.addComponent(true, single);
                single = null;
            }
        }
        return composite;
    }

    /** Capacity held for the message under assembly, in bytes: what it costs, not only what arrived. */
    long heldBytes() {
        long held = array != null ? array.length : 0;
        for (ByteBuf buffer : new ByteBuf[] {single, tail, composite, inflated}) {
            held += buffer != null ? buffer.capacity() : 0;
        }
        return held;
    }

    /** Buffers held for the message under assembly: how many objects its bytes are spread over. */
    int heldComponents() {
        int count = (single != null ? 1 : 0) + (array != null ? 1 : 0) + (tail != null ? 1 : 0) + (inflated != null ? 1 : 0);
        return count + (composite != null ? composite.numComponents() : 0);
    }

    @Override
    public void dataFrameEnd(boolean fin) {
        if (!fin) {
            return;
        }
        if (compressed) {
            inflater.finish(inflatedOutput);
            single = inflated != null ? inflated : Unpooled.EMPTY_BUFFER;
            inflated = null;
            compressed = false;
        }
        if (messageOpcode == OPCODE_TEXT && !utf8.isComplete()) {
            release();
            throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
        }
        ByteBuf message = takeMessage();
        copying = false;
        if (messageOpcode == OPCODE_TEXT) {
            sink.textMessage(message);
        } else {
            sink.binaryMessage(message);
        }
    }

    /** Hands over the whole message, leaving nothing held. */
    private ByteBuf takeMessage() {
        ByteBuf message;
        if (composite != null) {
            if (tail != null) {
                composite.addComponent(true, tail);
            }
            message = composite;
        } else if (tail != null) {
            message = tail;
        } else if (array != null) {
            message = new ArrayMessage(arrayLength == array.length ? array : Arrays.copyOf(array, arrayLength));
            array = null;
            arrayLength = 0;
        } else {
            message = single != null ? single : Unpooled.EMPTY_BUFFER;
        }
        single = null;
        composite = null;
        tail = null;
        return message;
    }

    /** Inflated bytes of the current message: checked against the limit and UTF-8 before they are kept. */
    private void inflatedBytes(byte[] bytes, int length) {
        if (inflated == null) {
            // Made with the first inflated bytes, and grown as they come: never sized by a claimed length.
            int limit = (int) Math.min(maxMessageSize, Integer.MAX_VALUE);
            inflated = allocator.heapBuffer((int) Math.min(limit, Math.max(256, 2L * length)), limit);
        }
        if (inflated.readableBytes() + (long) length > maxMessageSize) {
            throw new ProtocolViolation(CLOSE_MESSAGE_TOO_BIG, "compressed " + opcodeName(messageOpcode)
                    + " message inflates beyond maxMessageSize=" + maxMessageSize + " (" + maxMessageSizeSetting
                    + ")");
        }
        if (messageOpcode == OPCODE_TEXT && !utf8.update(bytes, length)) {
            throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "text message is not valid UTF-8");
        }
        inflated.writeBytes(bytes, 0, length);
    }

    @Override
    public void controlFrame(int opcode, ByteBuf payload) {
        switch (opcode) {
            case OPCODE_PING -> sink.ping(payload);
            case OPCODE_PONG -> sink.pong(payload);
            case OPCODE_CLOSE -> closeFrame(payload);
            default -> throw new IllegalStateException("not a control opcode: " + opcode);
        }
    }

    private void closeFrame(ByteBuf payload) {
        int length = payload.readableBytes();
        if (length == 0) {
            sink.close(CLOSE_NO_STATUS, "");
            return;
        }
        if (length == 1) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int code = payload.getUnsignedShort(payload.readerIndex());
        if (!CloseCodes.isReceivable(code)) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "invalid close code " + code);
        }
        var validator = new Utf8Validator();
        if (!validator.update(payload, payload.readerIndex() + 2, length - 2) || !validator.isComplete()) {
            throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
        String reason = payload.toString(payload.readerIndex() + 2, length - 2, StandardCharsets.UTF_8);
        sink.close(code, reason);
    }

    /** Releases a partly assembled message and the inflater. */
    public void release() {
        if (inflated != null) {
            inflated.release();
            inflated = null;
        }
        if (inflater != null) {
            inflater.release();
        }
        array = null;
        arrayLength = 0;
        if (single != null) {
            single.release();
            single = null;
        }
        copying = false;
        if (composite != null) {
            composite.release();
            composite = null;
        }
        if (tail != null) {
            tail.release();
            tail = null;
        }
    }
}
