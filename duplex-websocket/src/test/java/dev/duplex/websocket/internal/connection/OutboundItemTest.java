package dev.duplex.websocket.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import dev.duplex.websocket.internal.protocol.MessageDeflater;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What another thread queues for the event loop: a message up to the default message size limit (1 MiB) as itself,
 * for the loop to encode; a larger one as the frame the sender encoded; any message as itself when compressing. A
 * queued binary message is the sender's bytes as they were: the sender may reuse its array or buffer at once.
 */
class OutboundItemTest {
    private static final int LIMIT = OutboundItem.ENCODED_ON_LOOP_MAX;
    private final FrameWriter plain = new FrameWriter(UnpooledByteBufAllocator.DEFAULT, false, 1 << 30);

    @Test
    void theLoopEncodesMessagesUpToTheDefaultMessageSizeLimit() {
        assertThat(LIMIT).isEqualTo(WsServiceConfig.DEFAULT_MAX_MESSAGE_SIZE);
    }

    @Test
    void aBinaryMessageUpToTheLimitIsQueuedAsACopyOfItsBytes() {
        byte[] data = filled(LIMIT, (byte) 1);
        Object item = OutboundItem.queued(data, plain);
        Arrays.fill(data, (byte) 2);

        assertThat(item).isInstanceOf(OutboundItem.Binary.class);
        byte[] queued = ((OutboundItem.Binary) item).data();
        assertThat(queued).hasSize(LIMIT).containsOnly((byte) 1);
    }

    @Test
    void aBinaryMessageOverTheLimitIsQueuedAsTheFrameTheSenderEncoded() {
        byte[] data = filled(LIMIT + 1, (byte) 1);
        Object item = OutboundItem.queued(data, plain);
        Arrays.fill(data, (byte) 2);

        assertThat(item).isInstanceOf(ByteBuf.class);
        ByteBuf frame = (ByteBuf) item;
        try {
            assertThat(frame.readableBytes()).as("header of 10 bytes and the payload").isEqualTo(10 + LIMIT + 1);
            assertThat(frame.getByte(frame.readableBytes() - 1)).isEqualTo((byte) 1);
        } finally {
            frame.release();
        }
    }

    @Test
    void aByteBufferFollowsTheSameLimitAndIsConsumed() {
        ByteBuffer small = ByteBuffer.wrap(filled(LIMIT, (byte) 1));
        ByteBuffer large = ByteBuffer.wrap(filled(LIMIT + 1, (byte) 1));

        Object smallItem = OutboundItem.queued(small, plain);
        Object largeItem = OutboundItem.queued(large, plain);

        assertThat(small.hasRemaining()).isFalse();
        assertThat(smallItem).isInstanceOf(OutboundItem.Binary.class);
        assertThat(((OutboundItem.Binary) smallItem).data()).hasSize(LIMIT);
        assertThat(largeItem).isInstanceOf(ByteBuf.class);
        ((ByteBuf) largeItem).release();
    }

    @Test
    void textUpToTheLimitIsQueuedAsItselfAndLongerTextAsItsFrame() {
        String atLimit = "a".repeat(LIMIT);
        Object small = OutboundItem.queued(atLimit, plain);
        Object large = OutboundItem.queued(atLimit + "a", plain);

        assertThat(small).isEqualTo(new OutboundItem.Text(atLimit));
        assertThat(large).isInstanceOf(ByteBuf.class);
        ((ByteBuf) large).release();
    }

    @Test
    void whenCompressingEveryMessageIsQueuedAsItselfSoTheLoopCompressesInWireOrder() {
        var compressing = new FrameWriter(UnpooledByteBufAllocator.DEFAULT, false, 1 << 30);
        compressing.compressWith(new MessageDeflater(true, 15, 0));

        assertThat(OutboundItem.queued(filled(LIMIT + 1, (byte) 1), compressing))
                .isInstanceOf(OutboundItem.Binary.class);
        assertThat(OutboundItem.queued("a".repeat(LIMIT + 1), compressing)).isInstanceOf(OutboundItem.Text.class);
        assertThat(OutboundItem.queued(ByteBuffer.wrap(filled(LIMIT + 1, (byte) 1)), compressing))
                .isInstanceOf(OutboundItem.Binary.class);
    }

    private static byte[] filled(int length, byte value) {
        byte[] data = new byte[length];
        Arrays.fill(data, value);
        return data;
    }
}
