package dev.duplex.websocket.auth.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded map whose entries expire: at most {@code capacity} entries, the least recently used evicted first, and
 * each entry forgotten at its own expiry instant. Used for validated tokens, introspection answers and directory
 * look-ups, so a busy listener does not ask the directory or the authorization server for every upgrade.
 *
 * <p>Thread safety: every method is guarded by {@code this}; the critical sections are map operations only.
 */
public final class ExpiringCache<K, V> {
    private record Entry<V>(V value, Instant expiresAt) {
    }

    private final int capacity;
    private final Clock clock;
    /** Guarded by {@code this}; access order, so the eldest entry is the least recently used. */
    private final LinkedHashMap<K, Entry<V>> entries;

    public ExpiringCache(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > ExpiringCache.this.capacity;
            }
        };
    }

    /** The value stored for {@code key}, or {@code null} when absent or expired. */
    public synchronized V get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    /** Stores {@code value} until {@code expiresAt}; does nothing when the cache is disabled or it already expired. */
    public synchronized void put(K key, V value, Instant expiresAt) {
        if (capacity <= 0 || !clock.instant().isBefore(expiresAt)) {
            return;
        }
        entries.put(key, new Entry<>(value, expiresAt));
    }

    public synchronized int size() {
        return entries.size();
    }
}
