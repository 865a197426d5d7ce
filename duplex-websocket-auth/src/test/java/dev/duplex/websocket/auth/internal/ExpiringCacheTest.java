package dev.duplex.websocket.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.auth.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
    private final MutableClock clock = MutableClock.startingNow();

    @Test
    void anEntryIsForgottenAtItsExpiry() {
        var cache = new ExpiringCache<String, String>(10, clock);
        cache.put("k", "v", clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("k")).isEqualTo("v");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void theLeastRecentlyUsedEntryGoesFirstWhenFull() {
        var cache = new ExpiringCache<String, String>(2, clock);
        cache.put("a", "1", clock.instant().plusSeconds(60));
        cache.put("b", "2", clock.instant().plusSeconds(60));
        cache.get("a");
        cache.put("c", "3", clock.instant().plusSeconds(60));
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo("1");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aDisabledCacheKeepsNothing() {
        var cache = new ExpiringCache<String, String>(0, clock);
        cache.put("k", "v", clock.instant().plusSeconds(60));
        assertThat(cache.get("k")).isNull();
    }
}
