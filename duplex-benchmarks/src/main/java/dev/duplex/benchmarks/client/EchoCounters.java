package dev.duplex.benchmarks.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One echo counter per connection, each on its own cache line so that connections served by different threads do
 * not share one. A counter has a single writer at a time (its connection's loop); the runner reads them all.
 */
final class EchoCounters {
    /** Longs per counter: 8 × 8 bytes = one 64-byte cache line. */
    private static final int STRIDE = 8;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots;

    EchoCounters(int connections) {
        this.slots = new long[(connections + 1) * STRIDE];
    }

    /** Single writer per index: an opaque read-add-write is enough and costs no fence. */
    void increment(int index) {
        int slot = (index + 1) * STRIDE;
        SLOT.setOpaque(slots, slot, (long) SLOT.getOpaque(slots, slot) + 1);
    }

    long sum() {
        long sum = 0;
        for (int i = STRIDE; i < slots.length; i += STRIDE) {
            sum += (long) SLOT.getOpaque(slots, i);
        }
        return sum;
    }
}
