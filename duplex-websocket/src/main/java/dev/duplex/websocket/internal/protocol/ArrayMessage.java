package dev.duplex.websocket.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.nio.ByteBuffer;

/**
 * A whole message held in a heap array of exactly its length that belongs to nobody else: never pooled, never reused,
 * so the message's receiver may keep the array itself as the {@code byte[]} it hands to the application, without a
 * second copy. Releasing it frees nothing but the wrapper.
 *
 * <p>The assembler builds one on the event loop from the bytes of a read buffer, which then goes back to the
 * allocator at once, on the thread that took it: holding slices of read buffers until a worker thread released them
 * kept the allocator making fresh chunks (see {@code docs/performance.md}, "The engine rebuild").
 *
 * <p>Thread safety: not thread-safe; handed from the event loop to one receiver.
 */
public final class ArrayMessage extends UnpooledHeapByteBuf {

    ArrayMessage(byte[] array) {
        super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
    }

    /**
     * Copies {@code length} bytes of {@code from}, at {@code index}, into {@code to} at {@code offset}. From a direct
     * buffer it reads through the buffer's internal NIO view: where Netty cannot use {@code sun.misc.Unsafe} (JDK 24
     * and later by default) its own {@code getBytes} makes a new {@code ByteBuffer} view on every call, which took a
     * tenth of the client's CPU in the echo benchmark.
     */
    static void copy(ByteBuf from, int index, byte[] to, int offset, int length) {
        if (from.hasArray()) {
            System.arraycopy(from.array(), from.arrayOffset() + index, to, offset, length);
        } else if (from.nioBufferCount() == 1) {
            ByteBuffer view = from.internalNioBuffer(index, length);
            view.get(view.position(), to, offset, length);
        } else {
            from.getBytes(index, to, offset, length);
        }
    }

    /**
     * {@return the bytes of {@code message}: its own array when it is an unread {@code ArrayMessage}, otherwise a copy}
     * The caller still releases {@code message}.
     */
    public static byte[] bytesOf(ByteBuf message) {
        if (message instanceof ArrayMessage whole && whole.readerIndex() == 0
                && whole.writerIndex() == whole.array().length) {
            return whole.array();
        }
        return ByteBufUtil.getBytes(message);
    }
}
