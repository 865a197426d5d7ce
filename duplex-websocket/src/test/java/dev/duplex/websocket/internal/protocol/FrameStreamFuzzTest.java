package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.websocket.testkit.SocketReads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the inbound protocol stack as a connection runs it: {@link FrameReader} feeding {@link MessageAssembler},
 * server side (masked frames) or client side, with or without permessage-deflate, under small frame and message
 * limits, with the stream cut into reads of any size.
 *
 * <p>Whatever the bytes: the only exception is a {@link ProtocolViolation} carrying 1002, 1007 or 1009; every
 * message delivered is within {@code maxMessageSize}, and a text message is valid UTF-8; control payloads fit in a
 * control frame; nothing is delivered after a close frame; and once the assembler and reader are released, no buffer
 * is left: every read buffer passed in is freed and the allocator holds no memory.
 *
 * <p>Input layout (the seeds in the kept corpus follow it; see docs/fuzzing.md): byte 0 flags (bit 0 server side,
 * bit 1 permessage-deflate agreed, bit 2 the peer drops its compression context after each message, bit 3 direct
 * read buffers), byte 1 {@code maxFrameSize - 1}, byte 2 {@code maxMessageSize / 4}, byte 3 the read size (0: one
 * read), then the bytes on the wire.
 */
class FrameStreamFuzzTest {
    private static final int LAYOUT_HEADER = 4;

    @FuzzTest
    void anyByteStreamYieldsMessagesWithinTheLimitsOrAProtocolViolationAndLeaksNothing(byte[] input) {
        if (input.length < LAYOUT_HEADER) {
            return;
        }
        boolean server = (input[0] & 1) != 0;
        boolean deflate = (input[0] & 2) != 0;
        boolean peerDropsContext = (input[0] & 4) != 0;
        boolean direct = (input[0] & 8) != 0;
        int maxFrameSize = 1 + (input[1] & 0xFF);
        int maxMessageSize = 1 + 4 * (input[2] & 0xFF);
        int readSize = input[3] & 0xFF;

        var allocator = new UnpooledByteBufAllocator(false, true);
        var sink = new CheckingSink(maxMessageSize);
        var assembler = new MessageAssembler(allocator, sink, maxMessageSize, "maxMessageSize");
        var reader = new FrameReader(assembler, server, maxFrameSize, "maxFrameSize");
        if (deflate) {
            reader.allowRsv1();
            assembler.inflateWith(new MessageInflater(peerDropsContext));
        }
        List<ByteBuf> passedIn = new ArrayList<>();
        try {
            for (byte[] piece : SocketReads.cut(input, LAYOUT_HEADER, readSize)) {
                ByteBuf read = direct ? allocator.directBuffer(piece.length) : allocator.heapBuffer(piece.length);
                read.writeBytes(piece);
                passedIn.add(read);
                try {
                    reader.read(read);
                } finally {
                    read.release();
                }
            }
        } catch (ProtocolViolation violation) {
            assertThat(violation.closeCode()).as(violation.getMessage()).isIn(
                    WebSocketProtocol.CLOSE_PROTOCOL_ERROR, WebSocketProtocol.CLOSE_INVALID_PAYLOAD,
                    WebSocketProtocol.CLOSE_MESSAGE_TOO_BIG);
        } finally {
            assembler.release();
            reader.release();
        }
        for (ByteBuf read : passedIn) {
            assertThat(read.refCnt()).as("references left on a read buffer").isZero();
        }
        assertThat(allocator.metric().usedHeapMemory()).as("heap bytes left allocated").isZero();
        assertThat(allocator.metric().usedDirectMemory()).as("direct bytes left allocated").isZero();
    }

    /** Checks each delivered event against the limits, then releases what it owns, as a connection does. */
    private static final class CheckingSink implements MessageAssembler.MessageSink {
        private final int maxMessageSize;
        private boolean closed;

        CheckingSink(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        @Override
        public void textMessage(ByteBuf utf8) {
            try {
                deliveredWithinLimit(utf8);
                assertThat(isValidUtf8(utf8)).as("text message is valid UTF-8").isTrue();
            } finally {
                utf8.release();
            }
        }

        @Override
        public void binaryMessage(ByteBuf data) {
            try {
                deliveredWithinLimit(data);
            } finally {
                data.release();
            }
        }

        @Override
        public void ping(ByteBuf payload) {
            controlDelivered(payload);
        }

        @Override
        public void pong(ByteBuf payload) {
            controlDelivered(payload);
        }

        @Override
        public void close(int code, String reason) {
            assertThat(closed).as("a second close frame delivered").isFalse();
            assertThat(code == WebSocketProtocol.CLOSE_NO_STATUS || CloseCodes.isReceivable(code))
                    .as("close code %d is receivable", code).isTrue();
            assertThat(reason.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(WebSocketProtocol.CLOSE_REASON_MAX_BYTES);
            closed = true;
        }

        private void deliveredWithinLimit(ByteBuf message) {
            assertThat(closed).as("a message delivered after the close frame").isFalse();
            assertThat(message.readableBytes()).as("message size").isLessThanOrEqualTo(maxMessageSize);
        }

        private void controlDelivered(ByteBuf payload) {
            assertThat(closed).as("a control frame delivered after the close frame").isFalse();
            assertThat(payload.readableBytes()).isLessThanOrEqualTo(WebSocketProtocol.PAYLOAD_CONTROL_MAX);
        }

        private static boolean isValidUtf8(ByteBuf utf8) {
            ByteBuffer bytes = ByteBuffer.wrap(ByteBufUtil.getBytes(utf8));
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
                return true;
            } catch (CharacterCodingException invalid) {
                return false;
            }
        }
    }
}
