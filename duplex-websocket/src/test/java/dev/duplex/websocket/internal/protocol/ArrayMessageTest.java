package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An {@link ArrayMessage} carries its own array; {@link ArrayMessage#copy} reads every kind of buffer alike. */
class ArrayMessageTest {
    private static final byte[] BYTES = new byte[3000];

    static {
        new Random(11).nextBytes(BYTES);
    }

    private static List<ByteBuf> everyKindHolding(byte[] bytes) {
        ByteBuf pooledDirect = ByteBufAllocator.DEFAULT.directBuffer(bytes.length + 7).writerIndex(7);
        pooledDirect.writeBytes(bytes).readerIndex(7);
        ByteBuf heapWithOffset = Unpooled.wrappedBuffer(new byte[5 + bytes.length], 5, bytes.length).setBytes(0, bytes);
        ByteBuf composite = Unpooled.wrappedBuffer(Unpooled.copiedBuffer(bytes, 0, 1000),
                UnpooledByteBufAllocator.DEFAULT.directBuffer(2000).writeBytes(bytes, 1000, 2000));
        return List.of(pooledDirect, Unpooled.directBuffer(bytes.length).writeBytes(bytes), heapWithOffset,
                composite, pooledDirect.retainedSlice(7 + 100, 2000));
    }

    @Test
    void copyReadsTheSameBytesAsGetBytesFromEveryKindOfBuffer() {
        for (ByteBuf buffer : everyKindHolding(BYTES)) {
            try {
                int length = buffer.readableBytes() - 20;
                byte[] copied = new byte[length + 4];
                ArrayMessage.copy(buffer, buffer.readerIndex() + 10, copied, 4, length);

                byte[] expected = new byte[length];
                buffer.getBytes(buffer.readerIndex() + 10, expected);
                assertThat(Arrays.copyOfRange(copied, 4, length + 4)).as(buffer.toString()).isEqualTo(expected);
            } finally {
                buffer.release();
            }
        }
    }

    @Test
    void theBytesOfAnUnreadArrayMessageAreItsOwnArrayAndOfAnyOtherBufferACopy() {
        byte[] own = BYTES.clone();
        var message = new ArrayMessage(own);
        ByteBuf other = Unpooled.copiedBuffer(BYTES);

        assertThat(ArrayMessage.bytesOf(message)).isSameAs(own);
        assertThat(ArrayMessage.bytesOf(other)).isNotSameAs(other.array()).isEqualTo(BYTES);
        message.readByte();
        assertThat(ArrayMessage.bytesOf(message)).as("once read from, what is left").hasSize(BYTES.length - 1);
        message.release();
        other.release();
    }
}
