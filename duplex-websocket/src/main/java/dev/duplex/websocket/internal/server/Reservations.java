package dev.duplex.websocket.internal.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
        if (limit > 0) {
            int current;
            do {
                current = held.get();
                if (current >= limit) {
                    return null;
                }
            } while (!held.compareAndSet(current, current + 1));
        } else {
            held.incrementAndGet();
        }
        return new Reservation();
    }

    /** One held place; {@link #release} gives it back, the first call only. */
    final class Reservation {
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation() {
        }

        /** Gives the place back; later calls do nothing. */
        void release() {
            if (released.compareAndSet(false, true)) {
                held.decrementAndGet();
            }
        }
    }
}
