package dev.duplex.websocket.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.internal.PlatformDependent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The XOR masking of RFC 6455 §5.3, applied in place eight bytes at a time: to a read buffer, or to a message's own
 * copy of bytes that arrived still masked (see {@link FrameReader.Sink#dataPayload}).
 *
 * <p>Masking key byte {@code j = (offset + i) % 4} applies to payload byte {@code i}; {@code offset} lets a frame's
 * payload be masked in pieces as it arrives.
 *
 * <p>Payloads of {@link #DIRECT_MIN_LENGTH} bytes or more are masked on the buffer's memory after one range check,
 * rather than through {@code ByteBuf.getLong/setLong}, which check the range and the reference count on every call:
 * for large payloads that is several times faster (see {@code MaskingBenchmark} in duplex-benchmarks and
 * docs/performance.md). The memory is reached through its address when Netty may use {@code sun.misc.Unsafe}, through
 * its array for heap buffers, and otherwise through NIO views of it: on JDK 24 and later Netty does not use
 * {@code Unsafe} unless the JVM runs with {@code --sun-misc-unsafe-memory-access=allow}, and direct buffers are then
 * masked through their {@code ByteBuffer} views. A composite buffer is masked component by component.
 */
public final class Masking {
    /** Shorter payloads go through the {@code ByteBuf} accessors: the range check would cost more than it saves. */
    static final int DIRECT_MIN_LENGTH = 32;
    private static final VarHandle LONG_BIG_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** In the platform's order: no byte swapping per word (the key is swapped once instead). */
    private static final VarHandle LONG_NATIVE_VIEW =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** Netty's {@code PlatformDependent.getLong(address)} needs {@code Unsafe} and unaligned access. */
    private static final boolean ADDRESS_ACCESS = PlatformDependent.hasUnsafe() && PlatformDependent.isUnaligned();

    private Masking() {
    }

    /**
     * XORs {@code length} bytes of {@code buf} from {@code index} with {@code maskKey} (big-endian: its first byte is
     * the first key byte on the wire), starting at key position {@code offset % 4}.
     *
     * @throws IndexOutOfBoundsException       when the range is outside the buffer
     * @throws IllegalReferenceCountException when the buffer was released
     */
    public static void apply(ByteBuf buf, int index, int length, int maskKey, long offset) {
        int rotated = keyAt(maskKey, offset);
        if (length >= DIRECT_MIN_LENGTH) {
            if (buf instanceof CompositeByteBuf composite) {
                checkRange(buf, index, length);
                applyToComponents(composite, index, length, rotated);
                return;
            }
            if (ADDRESS_ACCESS && buf.hasMemoryAddress()) {
                checkRange(buf, index, length);
                applyAtAddress(buf.memoryAddress() + index, length, rotated);
                return;
            }
            if (buf.hasArray()) {
                checkRange(buf, index, length);
                applyToArray(buf.array(), buf.arrayOffset() + index, length, rotated);
                return;
            }
            int views = buf.nioBufferCount();
            if (views == 1) {
                checkRange(buf, index, length);
                applyToView(buf.internalNioBuffer(index, length), rotated);
                return;
            }
            if (views > 1) {
                checkRange(buf, index, length);
                applyToViews(buf.nioBuffers(index, length), rotated);
                return;
            }
        }
        applyThroughAccessors(buf, index, length, rotated);
    }

    /**
     * {@return the key as it applies from payload byte {@code offset} on: {@code maskKey} turned by {@code offset % 4}
     * bytes} Zero stays zero: a zero key leaves the payload as it is.
     */
    public static int keyAt(int maskKey, long offset) {
        return Integer.rotateLeft(maskKey, 8 * (int) (offset & 3));
    }

    /**
     * XORs {@code length} bytes of {@code array} from {@code start} with {@code key}, already turned to the first of
     * them ({@link #keyAt}).
     *
     * @throws IndexOutOfBoundsException when the range is outside the array
     */
    public static void apply(byte[] array, int start, int length, int key) {
        Objects.checkFromIndexSize(start, length, array.length);
        applyToArray(array, start, length, key);
    }

    private static void checkRange(ByteBuf buf, int index, int length) {
        if (buf.refCnt() == 0) {
            throw new IllegalReferenceCountException(0);
        }
        if (index < 0 || length < 0 || index > buf.capacity() - length) {
            throw new IndexOutOfBoundsException("index " + index + " + length " + length + " outside capacity "
                    + buf.capacity());
        }
    }

    private static long wide(int rotated) {
        return ((long) rotated << 32) | (rotated & 0xFFFFFFFFL);
    }

    /** {@code wide} (big-endian, as on the wire) laid out as the platform reads a long from memory. */
    private static long nativeOrder(long wide) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? wide : Long.reverseBytes(wide);
    }

    private static void applyAtAddress(long address, int length, int rotated) {
        // Unsafe reads in the platform's byte order; the key must be laid out the same way.
        long nativeWide = nativeOrder(wide(rotated));
        long i = address;
        long end = address + length;
        for (; i + 8 <= end; i += 8) {
            PlatformDependent.putLong(i, PlatformDependent.getLong(i) ^ nativeWide);
        }
        for (int shift = 24; i < end; i++, shift = (shift - 8) & 31) {
            PlatformDependent.putByte(i, (byte) (PlatformDependent.getByte(i) ^ (rotated >>> shift)));
        }
    }

    private static void applyToArray(byte[] array, int start, int length, int rotated) {
        long wide = wide(rotated);
        int i = start;
        int end = start + length;
        for (; i + 8 <= end; i += 8) {
            LONG_BIG_ENDIAN.set(array, i, (long) LONG_BIG_ENDIAN.get(array, i) ^ wide);
        }
        for (int shift = 24; i < end; i++, shift = (shift - 8) & 31) {
            array[i] = (byte) (array[i] ^ (rotated >>> shift));
        }
    }

    /**
     * Masks each component's part of the range the fastest way that component allows (its address, array or view),
     * the key running on across components (FrameWriter writes large messages into pooled pieces).
     */
    private static void applyToComponents(CompositeByteBuf composite, int index, int length, int rotated) {
        int end = index + length;
        int at = index;
        int key = rotated;
        while (at < end) {
            int component = composite.toComponentIndex(at);
            int componentStart = composite.toByteIndex(component);
            ByteBuf piece = composite.internalComponent(component);
            int size = Math.min(end, componentStart + piece.capacity()) - at;
            apply(piece, at - componentStart, size, key, 0);
            key = Integer.rotateLeft(key, 8 * (size & 3));
            at += size;
        }
    }

    /** Masks {@code view} from its position to its limit; both are left as they were. */
    private static void applyToView(ByteBuffer view, int rotated) {
        if (view.hasArray()) {
            applyToArray(view.array(), view.arrayOffset() + view.position(), view.remaining(), rotated);
            return;
        }
        long nativeWide = nativeOrder(wide(rotated));
        int i = view.position();
        int end = view.limit();
        for (; i + 8 <= end; i += 8) {
            LONG_NATIVE_VIEW.set(view, i, (long) LONG_NATIVE_VIEW.get(view, i) ^ nativeWide);
        }
        for (int shift = 24; i < end; i++, shift = (shift - 8) & 31) {
            view.put(i, (byte) (view.get(i) ^ (rotated >>> shift)));
        }
    }

    /** Masks consecutive pieces of one payload (a composite buffer's components), the key running on across them. */
    private static void applyToViews(ByteBuffer[] views, int rotated) {
        int key = rotated;
        for (ByteBuffer view : views) {
            applyToView(view, key);
            key = Integer.rotateLeft(key, 8 * (view.remaining() & 3));
        }
    }

    private static void applyThroughAccessors(ByteBuf buf, int index, int length, int rotated) {
        long wide = wide(rotated);
        int i = index;
        int end = index + length;
        for (; i + 8 <= end; i += 8) {
            buf.setLong(i, buf.getLong(i) ^ wide);
        }
        if (i + 4 <= end) {
            buf.setInt(i, buf.getInt(i) ^ rotated);
            i += 4;
        }
        for (int shift = 24; i < end; i++, shift -= 8) {
            buf.setByte(i, buf.getByte(i) ^ (rotated >>> shift));
        }
    }
}
