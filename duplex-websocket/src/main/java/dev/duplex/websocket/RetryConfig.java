package dev.duplex.websocket;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Client} reconnects: when connecting fails, when the connection drops without a close frame (1006),
 * and when a write fails with an I/O error (the failed message is then sent again on the new connection). A normal
 * close by the server is not retried.
 *
 * <p>Attempt {@code n} (from 0) waits {@code min(interval × backOffFactor^n, maxWaitInterval)} first.
 *
 * @param maxCount        how many attempts before giving up; 0 (the default) retries forever
 * @param interval        the first wait; default 1 s
 * @param backOffFactor   how much each wait grows; default 1.0 (no growth); at least 1.0
 * @param maxWaitInterval the longest wait; default 30 s
 */
public record RetryConfig(int maxCount, Duration interval, double backOffFactor, Duration maxWaitInterval) {
    /** The reference's defaults: forever, 1 s, ×1.0, 30 s. */
    public static final RetryConfig DEFAULT = new RetryConfig(0, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(30));

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

    /** The wait before attempt {@code attempt} (0 for the first retry). */
    public Duration delayBefore(int attempt) {
        double nanos = interval.toNanos() * Math.pow(backOffFactor, attempt);
        long capped = (long) Math.min(nanos, (double) maxWaitInterval.toNanos());
        return Duration.ofNanos(capped);
    }

    /** Whether attempt {@code attempt} (0 for the first retry) may still be made. */
    public boolean allows(int attempt) {
        return maxCount == 0 || attempt < maxCount;
    }
}
