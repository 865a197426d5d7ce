package dev.duplex.websocket.internal.protocol;

import static dev.duplex.websocket.internal.protocol.WebSocketProtocol.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Reads RFC 6455 frames from bytes as they arrive and enforces the frame-level rules (§5.2–§5.5): reserved bits,
 * opcodes, masking direction, control-frame size and fragmentation, continuation order and the frame size limit.
 * Data payloads are handed on in pieces as they arrive (so invalid text can be refused before a large frame
 * completes); control payloads whole.
 *
 * <p>After a close frame every further byte is discarded: the peer may send nothing after it (RFC 6455 §1.4, §5.5.1),
 * so a message or a broken frame that follows is neither delivered nor reported.
 *
 * <p>Knows nothing about sockets. A broken rule throws {@link ProtocolViolation} with the close code to send; the
 * reader is then unusable.
 *
 * <p>Thread safety: not thread-safe; owned by the connection's event loop.
 */
public final class FrameReader {

    /** Receives what the reader finds, in wire order. */
    public interface Sink {
        /** A text, binary or continuation frame begins; {@code length} payload bytes follow. */
        void dataFrameStart(int opcode, boolean fin, boolean rsv1, long length);

        /**
         * A piece of the current data frame's payload: {@code length} bytes of {@code buffer} from {@code index},
         * valid only during the call (keep them with {@code buffer.retainedSlice(index, length)}). Passed as a range
         * rather than a slice so that no wrapper object is made per frame.
         *
         * <p>The bytes are still masked with {@code mask}, the frame's key turned to this piece's first byte
         * ({@link Masking#keyAt}; {@code 0} for an unmasked frame, and XOR with zero changes nothing): the sink
         * unmasks them as it reads them, so that bytes it copies out are read once, not unmasked in place first.
         */
        void dataPayload(ByteBuf buffer, int index, int length, int mask);

        /** The current data frame ended; {@code fin} tells whether it ended its message. */
        void dataFrameEnd(boolean fin);

        /** A whole control frame, payload unmasked; valid only during the call. */
        void controlFrame(int opcode, ByteBuf payload);
    }

    private enum State { HEADER, DATA_PAYLOAD, CONTROL_PAYLOAD, AFTER_CLOSE }

    private final Sink sink;
    private final boolean expectMasked;
    private final long maxFrameSize;
    private final String maxFrameSizeSetting;
    private boolean rsv1Allowed;

    private State state = State.HEADER;
    /** The current frame's header as it arrives; made by the first frame (an idle connection never gets one). */
    private byte[] header;
    private int headerFilled;
    private int headerNeeded;

    private int opcode;
    private boolean fin;
    private boolean rsv1;
    private boolean masked;
    private int maskKey;
    private long payloadRemaining;
    private long payloadOffset;
    private ByteBuf controlPayload;
    private boolean messageOpen;

    /**
     * @param sink                receives frames
     * @param expectMasked        {@code true} on a server (client frames must be masked), {@code false} on a client
     * @param maxFrameSize        largest data frame payload accepted; larger → 1009
     * @param maxFrameSizeSetting the setting to name in the error message (e.g. {@code WsServiceConfig.maxFrameSize})
     */
    public FrameReader(Sink sink, boolean expectMasked, long maxFrameSize, String maxFrameSizeSetting) {
        this.sink = sink;
        this.expectMasked = expectMasked;
        this.maxFrameSize = maxFrameSize;
        this.maxFrameSizeSetting = maxFrameSizeSetting;
    }

    /** Allows RSV1 on the first frame of a message, once an extension that uses it (permessage-deflate) is agreed. */
    public void allowRsv1() {
        this.rsv1Allowed = true;
    }

    /** Consumes every readable byte of {@code in}, reporting complete pieces to the sink. */
    public void read(ByteBuf in) {
        while (in.isReadable()) {
            switch (state) {
                case HEADER -> readHeader(in);
                case DATA_PAYLOAD -> readDataPayload(in);
                case CONTROL_PAYLOAD -> readControlPayload(in);
                case AFTER_CLOSE -> in.skipBytes(in.readableBytes());
            }
        }
    }

    /** Releases a partly read control payload. */
    public void release() {
        if (controlPayload != null) {
            controlPayload.release();
            controlPayload = null;
        }
    }

    private void readHeader(ByteBuf in) {
        if (header == null) {
            header = new byte[HEADER_MAX_SIZE];
        }
        if (headerFilled < 2) {
            int n = Math.min(2 - headerFilled, in.readableBytes());
            in.readBytes(header, headerFilled, n);
            headerFilled += n;
            if (headerFilled < 2) {
                return;
            }
            headerNeeded = checkFirstTwoBytes(header[0] & 0xFF, header[1] & 0xFF);
        }
        int n = Math.min(headerNeeded - headerFilled, in.readableBytes());
        in.readBytes(header, headerFilled, n);
        headerFilled += n;
        if (headerFilled < headerNeeded) {
            return;
        }
        headerFilled = 0;
        frameHeaderComplete();
    }

    /** Applies every rule the first two bytes decide, failing before the rest of the header arrives. */
    private int checkFirstTwoBytes(int b0, int b1) {
        fin = (b0 & B0_FLAG_FIN) != 0;
        rsv1 = (b0 & B0_FLAG_RSV1) != 0;
        opcode = b0 & B0_MASK_OPCODE;
        masked = (b1 & B1_FLAG_MASK) != 0;
        int length7 = b1 & B1_MASK_LENGTH;

        if ((b0 & (B0_FLAG_RSV2 | B0_FLAG_RSV3)) != 0 || (rsv1 && !rsv1Allowed)) {
            throw violation(CLOSE_PROTOCOL_ERROR, "reserved bits set (RSV=" + ((b0 >> 4) & 7)
                    + ") without a negotiated extension");
        }
        switch (opcode) {
            case OPCODE_CONTINUATION, OPCODE_TEXT, OPCODE_BINARY, OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG -> {
            }
            default -> throw violation(CLOSE_PROTOCOL_ERROR, "unknown opcode 0x" + Integer.toHexString(opcode));
        }
        if (rsv1 && (opcode == OPCODE_CONTINUATION || isControl(opcode))) {
            throw violation(CLOSE_PROTOCOL_ERROR, "RSV1 set on a " + opcodeName(opcode) + " frame");
        }
        if (masked != expectMasked) {
            throw violation(CLOSE_PROTOCOL_ERROR, expectMasked
                    ? "client frame is not masked (RFC 6455 §5.1)"
                    : "server frame is masked (RFC 6455 §5.1)");
        }
        if (isControl(opcode)) {
            if (!fin) {
                throw violation(CLOSE_PROTOCOL_ERROR, "fragmented " + opcodeName(opcode) + " frame");
            }
            if (length7 > PAYLOAD_CONTROL_MAX) {
                throw violation(CLOSE_PROTOCOL_ERROR, opcodeName(opcode) + " frame payload exceeds "
                        + PAYLOAD_CONTROL_MAX + " bytes");
            }
        } else if (opcode == OPCODE_CONTINUATION) {
            if (!messageOpen) {
                throw violation(CLOSE_PROTOCOL_ERROR, "continuation frame without a message to continue");
            }
        } else if (messageOpen) {
            throw violation(CLOSE_PROTOCOL_ERROR, opcodeName(opcode)
                    + " frame while a fragmented message is incomplete");
        }
        int extended = length7 == PAYLOAD_SHORT ? 2 : length7 == PAYLOAD_LONG ? 8 : 0;
        return 2 + extended + (masked ? 4 : 0);
    }

    private void frameHeaderComplete() {
        int length7 = header[1] & B1_MASK_LENGTH;
        int pos = 2;
        long length;
        if (length7 == PAYLOAD_SHORT) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            pos = 4;
        } else if (length7 == PAYLOAD_LONG) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                throw violation(CLOSE_PROTOCOL_ERROR, "frame length has its most significant bit set");
            }
            pos = 10;
        } else {
            length = length7;
        }
        if (masked) {
            maskKey = ((header[pos] & 0xFF) << 24) | ((header[pos + 1] & 0xFF) << 16)
                    | ((header[pos + 2] & 0xFF) << 8) | (header[pos + 3] & 0xFF);
        }
        payloadRemaining = length;
        payloadOffset = 0;

        if (isControl(opcode)) {
            if (length == 0) {
                deliverControlFrame(Unpooled.EMPTY_BUFFER);
                return;
            }
            state = State.CONTROL_PAYLOAD;
            return;
        }
        if (length > maxFrameSize) {
            throw violation(CLOSE_MESSAGE_TOO_BIG, "frame of " + length + " bytes exceeds maxFrameSize="
                    + maxFrameSize + " (" + maxFrameSizeSetting + ")");
        }
        messageOpen = !fin;
        sink.dataFrameStart(opcode, fin, rsv1, length);
        if (length == 0) {
            sink.dataFrameEnd(fin);
            return;
        }
        state = State.DATA_PAYLOAD;
    }

    private void readDataPayload(ByteBuf in) {
        int n = (int) Math.min(payloadRemaining, in.readableBytes());
        int index = in.readerIndex();
        int mask = masked ? Masking.keyAt(maskKey, payloadOffset) : 0;
        in.skipBytes(n);
        payloadOffset += n;
        payloadRemaining -= n;
        sink.dataPayload(in, index, n, mask);
        if (payloadRemaining == 0) {
            state = State.HEADER;
            sink.dataFrameEnd(fin);
        }
    }

    private void readControlPayload(ByteBuf in) {
        int n = (int) Math.min(payloadRemaining, in.readableBytes());
        if (controlPayload == null && n == payloadRemaining) {
            // Whole payload in this buffer: no copy.
            int index = in.readerIndex();
            if (masked) {
                Masking.apply(in, index, n, maskKey, 0);
            }
            ByteBuf payload = in.slice(index, n);
            in.skipBytes(n);
            deliverControlFrame(payload);
            return;
        }
        if (controlPayload == null) {
            controlPayload = Unpooled.buffer((int) payloadRemaining);
        }
        controlPayload.writeBytes(in, n);
        payloadRemaining -= n;
        if (payloadRemaining == 0) {
            ByteBuf payload = controlPayload;
            controlPayload = null;
            if (masked) {
                Masking.apply(payload, payload.readerIndex(), payload.readableBytes(), maskKey, 0);
            }
            try {
                deliverControlFrame(payload);
            } finally {
                payload.release();
            }
        }
    }

    /** Hands a whole control frame on; after a close frame, nothing more is read. */
    private void deliverControlFrame(ByteBuf payload) {
        state = opcode == OPCODE_CLOSE ? State.AFTER_CLOSE : State.HEADER;
        sink.controlFrame(opcode, payload);
    }

    private static ProtocolViolation violation(int code, String message) {
        return new ProtocolViolation(code, message);
    }
}
