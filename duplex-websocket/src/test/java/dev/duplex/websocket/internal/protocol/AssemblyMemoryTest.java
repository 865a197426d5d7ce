package dev.duplex.websocket.internal.protocol;

import static dev.duplex.websocket.testkit.RawWebSocket.encodeFrame;
import static dev.duplex.websocket.testkit.RawWebSocket.encodeHeader;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What holding a message under assembly costs (issue 13, findings 1 and 2): about its payload, however many frames and
 * reads it arrives in, and nothing for a length a frame header only claims.
 */
class AssemblyMemoryTest {
    private static final int TEXT = WebSocketProtocol.OPCODE_TEXT;
    private static final int BINARY = WebSocketProtocol.OPCODE_BINARY;
    private static final int CONTINUATION = WebSocketProtocol.OPCODE_CONTINUATION;
    private static final int LIMIT = 1 << 20;

    /** Counts the heap and direct memory the assembler allocates and still holds. */
    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false, true);
    private final List<ByteBuf> delivered = new ArrayList<>();
    private final MessageAssembler assembler = new MessageAssembler(allocator,
            MessageAssemblerTest.keepingSink(delivered), LIMIT, "WsServiceConfig.maxMessageSize");
    private final FrameReader reader = new FrameReader(assembler, true, LIMIT, "WsServiceConfig.maxFrameSize");

    @AfterEach
    void release() {
        assembler.release();
        delivered.forEach(ByteBuf::release);
    }

    private long held() {
        return allocator.metric().usedHeapMemory() + allocator.metric().usedDirectMemory();
    }

    /** Feeds {@code bytes} as one socket read would arrive: in a buffer of the given capacity. */
    private void read(byte[] bytes, int bufferCapacity) {
        ByteBuf in = allocator.heapBuffer(Math.max(bufferCapacity, bytes.length));
        in.writeBytes(bytes);
        try {
            reader.read(in);
        } finally {
            in.release();
        }
    }

    @Test
    void aMessageOfManyOneByteFragmentsCostsAboutItsPayloadNotAnObjectPerFragment() {
        int fragments = 200_000;
        read(encodeFrame(false, 0, BINARY, new byte[] {1}, true), 64);
        for (int i = 1; i < fragments; i++) {
            // Each fragment in a read of its own, in a buffer as large as a socket read's usually is.
            read(encodeFrame(false, 0, CONTINUATION, new byte[] {(byte) i}, true), 2048);
        }

        assertThat(assembler.heldComponents()).as("buffers held for the message").isLessThanOrEqualTo(2);
        assertThat(held()).as("bytes held for %d payload bytes", fragments).isLessThanOrEqualTo(2L * fragments + 4096);

        read(encodeFrame(true, 0, CONTINUATION, new byte[] {9}, true), 64);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).readableBytes()).isEqualTo(fragments + 1);
        assertThat(delivered.get(0).getByte(fragments)).isEqualTo((byte) 9);
    }

    @Test
    void smallPiecesOfOneLargeFrameDoNotEachKeepTheBufferTheyArrivedIn() {
        int length = 100_000;
        byte[] header = encodeHeader(true, 0, BINARY, length, new byte[4]);
        read(header, 64);
        for (int i = 0; i < length / 10; i++) {
            read(new byte[10], 16_384);
        }

        assertThat(held()).as("bytes held for %d payload bytes", length).isLessThanOrEqualTo(2L * length + 4096);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).readableBytes()).isEqualTo(length);
    }

    @Test
    void aTextFrameHeaderAloneAllocatesNothingForTheLengthItClaims() {
        read(encodeHeader(true, 0, TEXT, 65_536, new byte[4]), 64);

        assertThat(held()).as("bytes held after a header claiming 65536").isLessThan(1024);
    }

    @Test
    void aTextFrameAllocatesAboutWhatHasArrivedNotWhatItClaims() {
        read(encodeHeader(true, 0, TEXT, 65_536, new byte[4]), 64);
        read("a".repeat(100).getBytes(), 128);

        assertThat(held()).as("bytes held after 100 of 65536 claimed bytes").isLessThan(4096);
    }

    @Test
    void aBinaryFragmentHeaderAloneAllocatesNothingForTheLengthItClaims() {
        read(encodeFrame(false, 0, BINARY, new byte[] {1}, true), 64);
        read(encodeHeader(false, 0, CONTINUATION, 60_000, new byte[4]), 64);

        assertThat(held()).isLessThan(4096);
    }

    @Test
    void largeFramesArrivingWholeAreStillKeptWithoutACopy() {
        byte[] payload = new byte[64 * 1024];
        read(encodeFrame(false, 0, BINARY, payload, true), 0);
        read(encodeFrame(true, 0, CONTINUATION, payload, true), 0);

        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).readableBytes()).isEqualTo(2 * payload.length);
        assertThat(held()).as("no copy beyond the two frames' buffers").isLessThanOrEqualTo(2L * (payload.length + 64));
    }
}
