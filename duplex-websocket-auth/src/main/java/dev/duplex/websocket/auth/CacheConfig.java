package dev.duplex.websocket.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How many answers an authenticator remembers, and for how long (the reference's {@code cache:CacheConfig}).
 * An entry never outlives what it caches: a token's {@code exp}, an introspection answer's {@code exp}. Remembered
 * answers are the price of speed: a token revoked at the authorization server, or a user removed from a directory
 * group, is still accepted until its entry expires.
 *
 * <p>Thread safety: immutable.
 *
 * @param capacity how many entries at most; the least recently used goes first; 0 disables the cache
 * @param maxAge   the longest an entry is kept; positive
 */
public record CacheConfig(int capacity, Duration maxAge) {
    /** 1000 entries, at most 5 minutes each. */
    public static final CacheConfig DEFAULT = new CacheConfig(1000, Duration.ofMinutes(5));
    /** No cache: every upgrade asks again. */
    public static final CacheConfig DISABLED = new CacheConfig(0, Duration.ofSeconds(1));

    /**
     * A cache size and age.
     *
     * @param capacity how many entries at most; 0 disables the cache; not negative
     * @param maxAge   the longest an entry is kept; positive
     * @throws IllegalArgumentException when {@code capacity} is negative or {@code maxAge} is not positive
     * @throws NullPointerException     when {@code maxAge} is {@code null}
     */
    public CacheConfig {
        if (capacity < 0) {
            throw new IllegalArgumentException("cacheConfig.capacity must be 0 (disabled) or more, was " + capacity);
        }
        Objects.requireNonNull(maxAge, "cacheConfig.maxAge must not be null");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("cacheConfig.maxAge must be positive, was " + maxAge);
        }
    }

    /** {@return whether anything is cached: {@code capacity} is above 0} */
    public boolean enabled() {
        return capacity > 0;
    }
}
