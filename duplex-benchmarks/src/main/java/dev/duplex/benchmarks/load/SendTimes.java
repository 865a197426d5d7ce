package dev.duplex.benchmarks.load;

import java.util.Arrays;

/**
 * The send times of one connection's messages in flight, oldest first: echoes come back in order. Grows when the
 * open loop ({@link LoadOptions#rate()}) has more in flight than it had room for, so a slow server only makes the
 * queue longer, never makes the generator skip a send.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class SendTimes {
    private long[] times;
    private int head;
    private int size;

    SendTimes(int capacity) {
        times = new long[Math.max(1, capacity)];
    }

    int size() {
        return size;
    }

    void add(long time) {
        if (size == times.length) {
            long[] grown = new long[times.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = times[(head + i) % times.length];
            }
            times = grown;
            head = 0;
        }
        int tail = head + size;
        times[tail >= times.length ? tail - times.length : tail] = time;
        size++;
    }

    /** Removes and returns the oldest time. @throws IllegalStateException when empty */
    long remove() {
        if (size == 0) {
            throw new IllegalStateException("no message in flight");
        }
        long time = times[head];
        head = head + 1 == times.length ? 0 : head + 1;
        size--;
        return time;
    }

    @Override
    public String toString() {
        return "SendTimes" + Arrays.toString(Arrays.copyOf(times, Math.min(size, 4)));
    }
}
