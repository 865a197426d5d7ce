package dev.duplex.websocket.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, recording every leak it finds instead of only logging it, so a test can assert that none
 * happened. Installed with {@code -Dio.netty.customResourceLeakDetector=} this class's name (and
 * {@code -Dio.netty.leakDetection.level=paranoid} to track every buffer), in a JVM of its own: Netty reads both once,
 * when its first buffer is made.
 *
 * <p>Thread safety: the record is a concurrent list.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        installed = true;
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Whether Netty is using this detector (the JVM was started with the properties above). */
    public static boolean installed() {
        return installed;
    }

    /** The leaks found so far: the resource and, when traced, where it was last touched. */
    public static List<String> leaks() {
        return List.copyOf(LEAKS);
    }

    /** Forgets the leaks recorded so far. */
    public static void clear() {
        LEAKS.clear();
    }

    /**
     * Collects garbage and makes buffers until Netty's leak detector has looked at every buffer that had become
     * unreachable; the leaks found so far. A collection only discovers the unreachable buffers: the JVM's reference
     * handler thread enqueues them afterwards, and the detector sees them when a buffer is made after that. So each
     * round waits (up to 10 s) until a reference of its own, cleared by the same collection, was enqueued.
     */
    public static List<String> leaksAfterCollection() {
        for (int round = 0; round < 3; round++) {
            var queue = new ReferenceQueue<Object>();
            var sentinel = new WeakReference<>(new Object(), queue);
            System.gc();
            try {
                if (queue.remove(10_000) == null) {
                    throw new AssertionError("the garbage collector did not clear a weak reference within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the collection", e);
            }
            sentinel.clear();
            for (int i = 0; i < 256; i++) {
                ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(16);
                probe.release();
            }
        }
        return leaks();
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked:" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (untraced)");
    }
}
