package dev.duplex.benchmarks.fanout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * What the reading subscribers received of one published batch: deliveries, and per message how many members have it
 * and the longest any of them waited for it (receive time minus publish time: the time until the last member had
 * it). Stalled subscribers record nothing.
 *
 * <p>Thread safety: {@link #delivered} and {@link #memberComplete} from any event loop (atomics); the figures are
 * read by the generator's thread after {@link #await}.
 */
final class FanoutBatch {
    private final int id;
    private final int count;
    private final int readingMembers;
    private final AtomicLongArray slowestNanos;
    private final AtomicIntegerArray receivers;
    private final LongAdder deliveries = new LongAdder();
    private final AtomicLong firstPublish = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastReceive = new AtomicLong(Long.MIN_VALUE);
    private final CountDownLatch complete;
    /** When the generator stopped waiting for an incomplete batch; written before the figures are read. */
    private volatile long gaveUpAt = Long.MIN_VALUE;

    FanoutBatch(int id, int count, int readingMembers) {
        this.id = id;
        this.count = count;
        this.readingMembers = readingMembers;
        this.slowestNanos = new AtomicLongArray(count);
        this.receivers = new AtomicIntegerArray(count);
        this.complete = new CountDownLatch(readingMembers);
    }

    int id() {
        return id;
    }

    int count() {
        return count;
    }

    /** One member received message {@code sequence}, published at {@code publishNanos}, at {@code receiveNanos}. */
    void delivered(int sequence, long publishNanos, long receiveNanos) {
        if (sequence >= count) {
            return;
        }
        deliveries.increment();
        receivers.incrementAndGet(sequence);
        long waited = receiveNanos - publishNanos;
        long slowest;
        while (waited > (slowest = slowestNanos.get(sequence))
                && !slowestNanos.compareAndSet(sequence, slowest, waited)) {
            Thread.onSpinWait();
        }
        firstPublish.accumulateAndGet(publishNanos, Math::min);
        lastReceive.accumulateAndGet(receiveNanos, Math::max);
    }

    /** One member received the batch's last message (every message, unless the server dropped some for it). */
    void memberComplete() {
        complete.countDown();
    }

    /** Waits until every reading member has the last message, up to {@code timeoutNanos}; whether they do. */
    boolean await(long timeoutNanos) throws InterruptedException {
        boolean whole = complete.await(timeoutNanos, TimeUnit.NANOSECONDS);
        if (!whole) {
            gaveUpAt = System.nanoTime();
        }
        return whole;
    }

    long deliveries() {
        return deliveries.sum();
    }

    /** Reading members that do not have the whole batch (yet). */
    long incompleteMembers() {
        return complete.getCount();
    }

    /**
     * Seconds from the first message's publish time to the last delivery, or to when the generator stopped waiting
     * when some reading member did not get the whole batch in time; NaN when nothing arrived.
     */
    double seconds() {
        long first = firstPublish.get();
        long last = gaveUpAt != Long.MIN_VALUE ? gaveUpAt : lastReceive.get();
        return first == Long.MAX_VALUE || last == Long.MIN_VALUE ? Double.NaN : (last - first) / 1e9;
    }

    /** Messages that reached every reading member. */
    int completeMessages() {
        int whole = 0;
        for (int i = 0; i < count; i++) {
            if (receivers.get(i) == readingMembers) {
                whole++;
            }
        }
        return whole;
    }

    /** Time until the last member had each message, over the messages every reading member received, in ns. */
    Histogram lastMemberNanos() {
        var histogram = new Histogram(1_000, 600_000_000_000L, 3);
        for (int i = 0; i < count; i++) {
            if (receivers.get(i) == readingMembers) {
                histogram.recordValue(Math.max(1_000, Math.min(600_000_000_000L, slowestNanos.get(i))));
            }
        }
        return histogram;
    }
}
