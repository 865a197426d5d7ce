package dev.duplex.websocket.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IssuedTokenTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final IssuedToken hourLong = new IssuedToken("t", T0, T0.plus(Duration.ofHours(1)), null);

    @Test
    void aTokenIsRenewedOnceLessThanATenthOfItsLifetimeIsLeft() {
        assertThat(hourLong.needsRenewal(T0.plus(Duration.ofMinutes(53)), Duration.ZERO)).isFalse();
        assertThat(hourLong.needsRenewal(T0.plus(Duration.ofMinutes(54)), Duration.ZERO)).isTrue();
    }

    @Test
    void theClockSkewCountsAsAlreadyGone() {
        assertThat(hourLong.needsRenewal(T0.plus(Duration.ofMinutes(50)), Duration.ofMinutes(4))).isTrue();
    }
}
