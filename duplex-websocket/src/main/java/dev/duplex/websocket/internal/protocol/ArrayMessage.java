package dev.duplex.websocket.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

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
