package dev.duplex.websocket.cluster;

import java.time.Duration;

/**
 * How much of a group's history is kept: at most {@code maxMessages} messages, none older than {@code maxAge}. A
 * broker may keep slightly more (Redis trims streams approximately) but never fewer of those within both bounds.
 *
 * @param maxMessages at least 1
 * @param maxAge      positive
 */
public record HistoryLimits(int maxMessages, Duration maxAge) {
    /**
     * Checks the bounds.
     *
     * @param maxMessages see {@link #maxMessages()}
     * @param maxAge      see {@link #maxAge()}
     */
    public HistoryLimits {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("history maxMessages must be at least 1, was " + maxMessages);
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("history maxAge must be positive, was " + maxAge);
        }
    }
}
