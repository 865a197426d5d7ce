package dev.duplex.websocket.testkit;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the memory this JVM holds after a forced collection ({@link #held()}), every {@code period} on a thread of
 * its own and whenever a test asks ({@link #sample()}), and keeps the most seen over the baseline taken when it was
 * made. A test takes a sample where it knows the server holds something (after a flood the server has read, say),
 * the periodic ones catch what is held while the test is busy elsewhere.
 *
 * <p>Thread safety: {@link #sample()} may be called from any thread.
 */
public final class HeldMemorySampler implements AutoCloseable {
    private final long baseline = held();
    private final AtomicLong most = new AtomicLong();
    private final ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "held-memory-sampler");
        thread.setDaemon(true);
        return thread;
    });

    public HeldMemorySampler(Duration period) {
        sampling.scheduleWithFixedDelay(this::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The heap as a collection forced now leaves it (each heap pool's usage after its last collection, so what
     * threads allocate after it does not count), plus the direct memory Netty holds (none counted where Netty does
     * not track it).
     */
    public static long held() {
        System.gc();
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                heap += pool.getCollectionUsage().getUsed();
            }
        }
        return heap + Math.max(0, PlatformDependent.usedDirectMemory());
    }

    /** Takes a sample now, on the calling thread. */
    public void sample() {
        most.accumulateAndGet(held() - baseline, Math::max);
    }

    /** Stops sampling (a sample under way completes first); returns the most held over the baseline. */
    public long stop() {
        sampling.shutdown();
        try {
            sampling.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return most.get();
    }

    @Override
    public void close() {
        stop();
    }
}
