package dev.duplex.websocket.internal.time;

import java.time.Duration;

/**
 * Turns a {@link Duration} into nanoseconds, milliseconds or a {@link System#nanoTime()} deadline without overflow: a
 * duration longer than {@link #PRACTICALLY_FOREVER} (about 73 years) counts as that long. {@link Duration#toNanos()}
 * throws {@code ArithmeticException} beyond about 292 years, and a deadline {@code nanoTime() + nanos} overflows long
 * before that; users who pass {@code Duration.ofSeconds(Long.MAX_VALUE)} mean "no limit", and get one no run reaches.
 * Negative durations (such as a -1 s "wait forever" marker) pass through unchanged.
 *
 * <p>Thread safety: stateless.
 */
public final class SaturatingDurations {
    /** The longest wait: 2<sup>61</sup> ns, about 73 years, so that {@code nanoTime() + nanos} cannot overflow. */
    public static final Duration PRACTICALLY_FOREVER = Duration.ofNanos(1L << 61);

    private SaturatingDurations() {
    }

    /** {@return {@code duration}, or {@link #PRACTICALLY_FOREVER} when it is longer} */
    public static Duration capped(Duration duration) {
        return duration.compareTo(PRACTICALLY_FOREVER) > 0 ? PRACTICALLY_FOREVER : duration;
    }

    /** {@return the whole nanoseconds of {@code duration}, at most those of {@link #PRACTICALLY_FOREVER}} */
    public static long toNanos(Duration duration) {
        return capped(duration).toNanos();
    }

    /** {@return the whole milliseconds of {@code duration}, at most those of {@link #PRACTICALLY_FOREVER}} */
    public static long toMillis(Duration duration) {
        return capped(duration).toMillis();
    }

    /**
     * {@return the {@link System#nanoTime()} at which {@code duration} after {@code nowNanos} has passed, at most
     * {@link Long#MAX_VALUE}}
     */
    public static long deadline(long nowNanos, Duration duration) {
        long nanos = toNanos(duration);
        long deadline = nowNanos + nanos;
        return nanos > 0 && deadline < nowNanos ? Long.MAX_VALUE : deadline;
    }
}
