package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link MessageInflater} with compressed messages of any content, each arriving in chunks of any size, as
 * {@link MessageAssembler} drives it (inflate each frame's payload, then finish the message).
 *
 * <p>Whatever the bytes: the only exception is a {@link ProtocolViolation} with 1007 (not DEFLATE data, a preset
 * dictionary) or the 1009 the receiver raises itself; the inflater hands out output in pieces no larger than its
 * buffer, and stops at once when the receiver refuses more, so a message never costs more than the receiver's limit;
 * and what a message inflates to, or whether it fails, does not depend on how its payload was cut into frames.
 *
 * <p>Input layout (see docs/fuzzing.md): byte 0 flags (bit 0 the peer drops its context after each message), byte 1
 * the receiver's limit in KiB, minus one; then records, each a length byte (bits 0–6 the chunk's length, bit 7 "this
 * chunk ends its message") and that many bytes of compressed payload.
 */
class InflaterFuzzTest {
    private static final int LAYOUT_HEADER = 2;

    @FuzzTest
    void anyCompressedInputInflatesWithinTheLimitOrFailsWith1007AndTheFrameSplitDoesNotMatter(byte[] input) {
        if (input.length < LAYOUT_HEADER) {
            return;
        }
        boolean peerDropsContext = (input[0] & 1) != 0;
        int limit = 1024 * (1 + (input[1] & 0xFF));
        List<List<byte[]>> messages = messages(input);

        Outcome asSent = inflate(messages, peerDropsContext, limit);
        Outcome inOneFrameEach = inflate(joined(messages), peerDropsContext, limit);

        assertThat(inOneFrameEach.messages).as("messages inflated whole vs. frame by frame")
                .isEqualTo(asSent.messages);
        // A message both too big and corrupt may fail with either code: inflating a longer chunk may meet the
        // corruption before the receiver has seen enough output to refuse it.
        assertThat(inOneFrameEach.violation != 0).as("a violation, whole vs. frame by frame")
                .isEqualTo(asSent.violation != 0);
    }

    /** What a run produced: each finished message (hex), and the close code of the violation that ended it (0: none). */
    private record Outcome(List<String> messages, int violation) {
    }

    private static Outcome inflate(List<List<byte[]>> messages, boolean peerDropsContext, int limit) {
        var inflater = new MessageInflater(peerDropsContext);
        var receiver = new LimitedReceiver(limit);
        List<String> finished = new ArrayList<>();
        try {
            for (List<byte[]> chunks : messages) {
                for (byte[] chunk : chunks) {
                    inflater.inflate(Unpooled.wrappedBuffer(chunk), receiver);
                }
                inflater.finish(receiver);
                finished.add(receiver.takeMessage());
            }
            return new Outcome(finished, 0);
        } catch (ProtocolViolation violation) {
            assertThat(violation.closeCode()).as(violation.getMessage()).isIn(
                    WebSocketProtocol.CLOSE_INVALID_PAYLOAD, WebSocketProtocol.CLOSE_MESSAGE_TOO_BIG);
            return new Outcome(finished, violation.closeCode());
        } finally {
            inflater.release();
        }
    }

    /** A message's inflated bytes, refusing (1009) past {@code limit}, as the assembler does. */
    private static final class LimitedReceiver implements MessageInflater.Output {
        private final int limit;
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();
        private boolean refused;

        LimitedReceiver(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(byte[] bytes, int length) {
            assertThat(refused).as("output after the receiver refused more").isFalse();
            assertThat(length).as("piece length").isBetween(1, bytes.length);
            if (message.size() + length > limit) {
                refused = true;
                throw new ProtocolViolation(WebSocketProtocol.CLOSE_MESSAGE_TOO_BIG, "inflates beyond " + limit);
            }
            message.write(bytes, 0, length);
        }

        String takeMessage() {
            String hex = ByteBufUtil.hexDump(message.toByteArray());
            message.reset();
            return hex;
        }
    }

    private static List<List<byte[]>> messages(byte[] input) {
        List<List<byte[]>> messages = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        int at = LAYOUT_HEADER;
        while (at < input.length) {
            int record = input[at++] & 0xFF;
            int length = Math.min(record & 0x7F, input.length - at);
            current.add(Arrays.copyOfRange(input, at, at + length));
            at += length;
            if ((record & 0x80) != 0) {
                messages.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            messages.add(current);
        }
        return messages;
    }

    private static List<List<byte[]>> joined(List<List<byte[]>> messages) {
        List<List<byte[]>> whole = new ArrayList<>();
        for (List<byte[]> chunks : messages) {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            chunks.forEach(payload::writeBytes);
            whole.add(List.of(payload.toByteArray()));
        }
        return whole;
    }
}
