package dev.duplex.websocket.internal.protocol;

import static dev.duplex.websocket.internal.protocol.WebSocketProtocol.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Joins data frames into messages and enforces the message-level rules: the message size limit (checked when each
 * frame's header announces its length, before its payload arrives), UTF-8 validity of text checked incrementally
 * across fragments (RFC 6455 §8.1, close 1007 at the first bad byte), and the close frame's body (§5.5.1, §7.4).
 *
 * <p>Large binary messages and fragmented messages are built from retained slices of the buffers their bytes arrived
 * in, without a copy. A message that comes in one frame is copied into a heap buffer of its own from the allocator
 * when it is text, or binary of at most {@value #COPY_MAX} bytes: its {@code String} is then made straight from the
 * array, where a direct buffer over 1 KiB would need a temporary array as well, and with Netty's default (adaptive)
 * allocator a slice is a new object per message while the allocator's buffers are recycled on the event loop
 * ({@code DispatchBenchmark}: the payload is then all that a message allocates).
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
    private final Utf8Validator utf8 = new Utf8Validator();

    /** The largest binary message copied rather than sliced (see the class comment). */
    static final int COPY_MAX = 512;

    private int messageOpcode;
    private long messageSize;
    /** Whether the current message is copied into {@link #single} as it arrives (see the class comment). */
    private boolean copying;
    private ByteBuf single;
    private CompositeByteBuf composite;
    /** Set once permessage-deflate is agreed; {@code null} otherwise. */
    private MessageInflater inflater;
    /** Whether the current message is compressed (RSV1 on its first frame). */
    private boolean compressed;
    /** The inflated bytes of the current compressed message. */
    private ByteBuf inflated;
    private final MessageInflater.Output inflatedOutput = this::inflatedBytes;

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
    }

    @Override
    public void dataFrameStart(int opcode, boolean fin, boolean rsv1, long length) {
        if (opcode != OPCODE_CONTINUATION) {
            messageOpcode = opcode;
            messageSize = 0;
            utf8.reset();
            compressed = rsv1 && inflater != null;
            if (compressed) {
                inflated = allocator.heapBuffer((int) Math.min(Math.max(256, length * 2), maxMessageSize));
            }
        }
        if (messageSize + length > maxMessageSize) {
            String size = fin && opcode != OPCODE_CONTINUATION
                    ? String.valueOf(length) : "at least " + (messageSize + length);
            throw new ProtocolViolation(CLOSE_MESSAGE_TOO_BIG, opcodeName(messageOpcode) + " message of " + size
                    + " bytes exceeds maxMessageSize=" + maxMessageSize + " (" + maxMessageSizeSetting + ")");
        }
        copying = fin && opcode != OPCODE_CONTINUATION && !compressed
                && (opcode == OPCODE_TEXT || length <= COPY_MAX);
        if (copying) {
            // After the size check: the length is the peer's claim.
            single = allocator.heapBuffer((int) length);
        }
    }

    @Override
    public void dataPayload(ByteBuf buffer, int index, int length) {
        if (compressed) {
            messageSize += length;
            inflater.inflate(buffer.slice(index, length), inflatedOutput);
            return;
        }
        if (messageOpcode == OPCODE_TEXT && !utf8.update(buffer, index, length)) {
            throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "text message is not valid UTF-8");
        }
        messageSize += length;
        if (copying) {
            single.writeBytes(buffer, index, length);
            return;
        }
        if (single == null && composite == null) {
            single = buffer.retainedSlice(index, length);
            return;
        }
        if (composite == null) {
            composite = allocator.compositeBuffer(Integer.MAX_VALUE);
            composite.addComponent(true, single);
            single = null;
        }
        composite.addComponent(true, buffer.retainedSlice(index, length));
    }

    @Override
    public void dataFrameEnd(boolean fin) {
        if (!fin) {
            return;
        }
        if (compressed) {
            inflater.finish(inflatedOutput);
            single = inflated;
            inflated = null;
            compressed = false;
        }
        if (messageOpcode == OPCODE_TEXT && !utf8.isComplete()) {
            release();
            throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
        }
        ByteBuf message = composite != null ? composite : single != null ? single : Unpooled.EMPTY_BUFFER;
        single = null;
        composite = null;
        copying = false;
        if (messageOpcode == OPCODE_TEXT) {
            sink.textMessage(message);
        } else {
            sink.binaryMessage(message);
        }
    }

    /** Inflated bytes of the current message: checked against the limit and UTF-8 before they are kept. */
    private void inflatedBytes(byte[] bytes, int length) {
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
        if (single != null) {
            single.release();
            single = null;
        }
        copying = false;
        if (composite != null) {
            composite.release();
            composite = null;
        }
    }
}
