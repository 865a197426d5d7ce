package dev.duplex.websocket.internal.connection;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Where writers wait for room in a connection's outbound buffer, each on a future of its own that the event loop
 * completes when the buffer drains or the connection ends. No lock is shared with the event loop, and a writer on a
 * JDK 17 worker waits through {@link CompletableFuture#get}, which lets the worker pool compensate for the blocked
 * thread, so one slow peer never holds a shared worker.
 *
 * <p>Thread safety: {@link #await} from any thread but the event loop; {@link #signal} from the event loop.
 */
final class WriteRoom {
    private final Queue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();

    /**
     * Waits until {@code ready} holds, up to {@code timeoutNanos} (zero waits forever).
     *
     * @return {@code false} when the time ran out first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean await(BooleanSupplier ready, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!ready.getAsBoolean()) {
            var signalled = new CompletableFuture<Void>();
            waiting.add(signalled);
            // Looked at again after registering: a signal sent before it would otherwise be missed.
            if (ready.getAsBoolean()) {
                waiting.remove(signalled);
                return true;
            }
            try {
                if (timeoutNanos == 0) {
                    signalled.get();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        waiting.remove(signalled);
                        return false;
                    }
                    signalled.get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException expired) {
                waiting.remove(signalled);
                return ready.getAsBoolean();
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return true;
    }

    /** Event loop: the buffer drained, or the connection changed state; every waiting writer looks again. */
    void signal() {
        CompletableFuture<Void> next;
        while ((next = waiting.poll()) != null) {
            next.complete(null);
        }
    }

    /** Whether any writer waits: signalling costs nothing otherwise. */
    boolean hasWaiters() {
        return !waiting.isEmpty();
    }
}
