package dev.duplex.websocket.internal.server;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A count of things held under a limit, such as a listener's open connections under {@code maxConnections}: each
 * holder takes a {@link Reservation} and gives it back exactly once, however many times it is released (the
 * connection's close and a failed upgrade may both release it).
 *
 * <p>Thread safety: safe from any thread (the count is atomic, each reservation is released once).
 */
final class Reservations {
    private final int limit;
    private final AtomicInteger held = new AtomicInteger();

    /** @param limit how many may be held at once; 0 for no limit */
    Reservations(int limit) {
        this.limit = limit;
    }

    /** {@return whether the limit is reached now: a quick check before work that ends in {@link #tryReserve}} */
    boolean isFull() {
        return limit > 0 && held.get() >= limit;
    }

    /** {@return how many are held now} */
    int held() {
        return held.get();
    }

    /** {@return a new reservation, or {@code null} when the limit is reached (nothing is then held)} */
    Reservation tryReserve() {
        return tryTake() ? new Reservation() : null;
    }

    /**
     * Takes a place without a {@link Reservation} object, for a holder that makes sure itself to give it back
     * ({@link #giveBack}) exactly once, such as an {@link AcceptedChannel} on its event loop.
     *
     * @return whether a place was taken ({@code false} when the limit is reached)
     */
    boolean tryTake() {
        if (limit > 0) {
            int current;
            do {
                current = held.get();
                if (current >= limit) {
                    return false;
                }
            } while (!held.compareAndSet(current, current + 1));
        } else {
            held.incrementAndGet();
        }
        return true;
    }

    /** Gives back a place taken with {@link #tryTake}; the caller calls it once per place. */
    void giveBack() {
        held.decrementAndGet();
    }

    /**
     * One held place; {@link #release} gives it back, the first call only. It is also the listener that releases it
     * when a future completes (a channel's close future), so holding a connection's place costs one small object.
     */
    final class Reservation implements GenericFutureListener<Future<? super Void>> {
        private static final AtomicIntegerFieldUpdater<Reservation> RELEASED =
                AtomicIntegerFieldUpdater.newUpdater(Reservation.class, "released");
        /** 1 once released. */
        private volatile int released;

        private Reservation() {
        }

        /** Gives the place back; later calls do nothing. */
        void release() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                giveBack();
            }
        }

        @Override
        public void operationComplete(Future<? super Void> future) {
            release();
        }
    }
}
