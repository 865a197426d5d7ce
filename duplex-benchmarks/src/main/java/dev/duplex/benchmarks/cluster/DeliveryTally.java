package dev.duplex.benchmarks.cluster;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the subscribers of one run received, counted from their clients' event loops: answers to {@code join},
 * subscribers that saw a probe, measured deliveries per node, those that arrived inside the measured window, and the
 * publish-to-delivery latency of every measured delivery. Written by the subscribers' event loops, read by the thread
 * running the benchmark; every field is thread-safe.
 */
final class DeliveryTally {
    private final Semaphore joins = new Semaphore(0);
    private final AtomicInteger readySubscribers = new AtomicInteger();
    private final AtomicLongArray measuredByNode;
    private final LongAdder inWindow = new LongAdder();
    private final Histogram latencyMicros = new ConcurrentHistogram(3);
    private volatile boolean windowOpen;

    DeliveryTally(int nodes) {
        this.measuredByNode = new AtomicLongArray(nodes);
    }

    void joined() {
        joins.release();
    }

    /** Waits until {@code count} more joins were answered; false when {@code timeoutMillis} passed first. */
    boolean awaitJoins(int count, long timeoutMillis) throws InterruptedException {
        return joins.tryAcquire(count, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    void subscriberReady() {
        readySubscribers.incrementAndGet();
    }

    int readySubscribers() {
        return readySubscribers.get();
    }

    /** A measured message reached a subscriber on node {@code node}, {@code micros} after it was due. */
    void delivered(int node, long micros) {
        measuredByNode.incrementAndGet(node);
        if (windowOpen) {
            inWindow.increment();
        }
        latencyMicros.recordValue(Math.max(0, micros));
    }

    void window(boolean open) {
        windowOpen = open;
    }

    long inWindow() {
        return inWindow.sum();
    }

    long delivered() {
        long total = 0;
        for (int i = 0; i < measuredByNode.length(); i++) {
            total += measuredByNode.get(i);
        }
        return total;
    }

    long deliveredOnNode(int node) {
        return measuredByNode.get(node);
    }

    Histogram latencyMicros() {
        return latencyMicros;
    }
}
