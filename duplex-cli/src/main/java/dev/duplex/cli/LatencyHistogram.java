package dev.duplex.cli;

/**
 * Latencies in nanoseconds, in logarithmic buckets with 64 sub-buckets per power of two (under 1.6 % error), so
 * millions of samples take a few kilobytes.
 *
 * <p>Thread safety: not thread-safe; one per reader thread, merged at the end.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private final long[] counts = new long[64 * SUB_COUNT];
    private long total;
    private long max;

    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    /** The value at {@code quantile} (0–1), in nanoseconds; 0 when empty. */
    long valueAt(double quantile) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    private static int index(long value) {
        if (value < SUB_COUNT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BITS;
        int mantissa = (int) (value >>> shift) & (SUB_COUNT - 1);
        return (shift + 1) * SUB_COUNT + mantissa;
    }

    private static long upperBound(int index) {
        if (index < SUB_COUNT) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        long mantissa = index % SUB_COUNT;
        return ((SUB_COUNT + mantissa + 1) << shift) - 1;
    }
}
