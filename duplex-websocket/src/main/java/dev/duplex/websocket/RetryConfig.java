package dev.duplex.websocket;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Client} reconnects: when connecting fails, when the connection drops without a close frame (1006),
 * and when a write fails with an I/O error (the failed message is then sent again on the new connection). A normal
 * close by the server is not retried.
 *
 * <p>Attempt {@code n} (from 0) waits {@code min(interval × backOffFactor^n, maxWaitInterval)} first. A client that
 * is closed while it waits stops at once.
 *
 * <p>Thread safety: immutable.
 *
 * @param maxCount        how many attempts before giving up; 0 (the default) retries forever
 * @param interval        the first wait; default 1 s
 * @param backOffFactor   how much each wait grows; default 1.0 (no growth); at least 1.0
 * @param maxWaitInterval the longest wait; default 30 s
 */
public record RetryConfig(int maxCount, Duration interval, double backOffFactor, Duration maxWaitInterval) {
    /** The reference's defaults: forever, 1 s, ×1.0, 30 s. */
    public static final RetryConfig DEFAULT = new RetryConfig(0, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(30));

    /**
     * A retry policy.
     *
     * @param maxCount        how many attempts before giving up; 0 retries forever; not negative
     * @param interval        the first wait; not negative
     * @param backOffFactor   how much each wait grows; finite, at least 1.0
     * @param maxWaitInterval the longest wait; not shorter than {@code interval}
     * @throws IllegalArgumentException naming the field when a value is out of range
     * @throws NullPointerException     when a duration is {@code null}
     */
    public RetryConfig {
        if (maxCount < 0) {
            throw new IllegalArgumentException("retryConfig.maxCount must be 0 (forever) or more, was " + maxCount);
        }
        Objects.requireNonNull(interval, "retryConfig.interval must not be null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("retryConfig.interval cannot be negative, was " + interval);
        }
        if (!(backOffFactor >= 1.0) || Double.isInfinite(backOffFactor)) {
            throw new IllegalArgumentException("retryConfig.backOffFactor must be a finite number of at least 1.0, was "
                    + backOffFactor);
        }
        Objects.requireNonNull(maxWaitInterval, "retryConfig.maxWaitInterval must not be null");
        if (maxWaitInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException("retryConfig.maxWaitInterval (" + maxWaitInterval
                    + ") must not be shorter than retryConfig.interval (" + interval + ")");
        }
    }

    /**
     * The wait before a retry.
     *
     * @param attempt the retry's number, 0 for the first
     * @return {@code min(interval × backOffFactor^attempt, maxWaitInterval)}
     */
    public Duration delayBefore(int attempt) {
        double nanos = SaturatingDurations.toNanos(interval) * Math.pow(backOffFactor, attempt);
        long capped = (long) Math.min(nanos, (double) SaturatingDurations.toNanos(maxWaitInterval));
        return Duration.ofNanos(capped);
    }

    /**
     * Whether a retry may still be made.
     *
     * @param attempt the retry's number, 0 for the first
     * @return {@code true} when {@code maxCount} is 0 or {@code attempt} is below it
     */
    public boolean allows(int attempt) {
        return maxCount == 0 || attempt < maxCount;
    }
}
