package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Masking gives the same bytes whichever way a buffer is reached: through its memory address (direct buffers), its
 * array (heap buffers), its NIO views (direct buffers without an address, composite buffers) or its accessors, for
 * lengths on both sides of the wide-path threshold.
 */
class MaskingOnBufferKindsTest {
    private final Random random = new Random(6455);

    enum BufferKind {
        UNPOOLED_DIRECT(Unpooled::directBuffer),
        POOLED_DIRECT(PooledByteBufAllocator.DEFAULT::directBuffer),
        ADAPTIVE_DIRECT(ByteBufAllocator.DEFAULT::directBuffer),
        /** A direct buffer that gives no memory address, as every direct buffer does when Netty has no Unsafe. */
        DIRECT_WITHOUT_ADDRESS(capacity -> new UnpooledDirectByteBuf(UnpooledByteBufAllocator.DEFAULT, capacity,
                capacity)),
        UNPOOLED_HEAP(Unpooled::buffer),
        POOLED_HEAP(PooledByteBufAllocator.DEFAULT::heapBuffer),
        COMPOSITE(capacity -> {
            var composite = ByteBufAllocator.DEFAULT.compositeBuffer();
            int half = capacity / 2;
            composite.addComponent(false, Unpooled.directBuffer(half).writeZero(half));
            composite.addComponent(false, Unpooled.buffer(capacity - half).writeZero(capacity - half));
            composite.writerIndex(0);
            return composite;
        }),
        /** Components of odd lengths, so the masking key continues mid-word from one component into the next. */
        COMPOSITE_OF_ODD_PIECES(capacity -> {
            var composite = ByteBufAllocator.DEFAULT.compositeBuffer();
            int first = Math.min(capacity, 5);
            int second = Math.min(capacity - first, 13);
            int rest = capacity - first - second;
            composite.addComponent(false, new UnpooledDirectByteBuf(UnpooledByteBufAllocator.DEFAULT, first, first)
                    .writeZero(first));
            composite.addComponent(false, Unpooled.buffer(second).writeZero(second));
            composite.addComponent(false, Unpooled.directBuffer(rest).writeZero(rest));
            composite.writerIndex(0);
            return composite;
        });

        private final IntFunction<ByteBuf> allocate;

        BufferKind(IntFunction<ByteBuf> allocate) {
            this.allocate = allocate;
        }
    }

    private static byte[] reference(byte[] payload, int maskKey, long offset) {
        byte[] key = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        byte[] out = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = (byte) (payload[i] ^ key[(int) ((offset + i) % 4)]);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void masksLikeTheByteByByteReferenceWithoutTouchingNeighbouringBytes(BufferKind kind) {
        for (int length : new int[] {0, 1, 7, 8, 31, 32, 33, 35, 39, 40, 64, 100, 1021, 4096}) {
            for (int offset = 0; offset < 4; offset++) {
                for (int index = 0; index < 3; index++) {
                    byte[] payload = new byte[length];
                    random.nextBytes(payload);
                    int maskKey = random.nextInt();
                    ByteBuf buf = kind.allocate.apply(index + length + 8);
                    try {
                        buf.writeZero(index).writeBytes(payload).writeLong(-1L);

                        Masking.apply(buf, index, length, maskKey, offset);

                        assertThat(ByteBufUtil.getBytes(buf, index, length))
                                .as("%s, length %d, key offset %d, index %d", kind, length, offset, index)
                                .isEqualTo(reference(payload, maskKey, offset));
                        assertThat(ByteBufUtil.getBytes(buf, 0, index)).isEqualTo(new byte[index]);
                        assertThat(buf.getLong(index + length)).isEqualTo(-1L);
                    } finally {
                        buf.release();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"UNPOOLED_DIRECT", "UNPOOLED_HEAP", "DIRECT_WITHOUT_ADDRESS"})
    void refusesARangeOutsideTheBuffer(BufferKind kind) {
        ByteBuf buf = kind.allocate.apply(64).writeZero(64);
        try {
            assertThatThrownBy(() -> Masking.apply(buf, 40, 32, 0x01020304, 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"UNPOOLED_DIRECT", "UNPOOLED_HEAP", "DIRECT_WITHOUT_ADDRESS"})
    void refusesAReleasedBuffer(BufferKind kind) {
        ByteBuf buf = kind.allocate.apply(64).writeZero(64);
        buf.release();

        assertThatThrownBy(() -> Masking.apply(buf, 0, 64, 0x01020304, 0))
                .isInstanceOf(IllegalReferenceCountException.class);
    }
}
