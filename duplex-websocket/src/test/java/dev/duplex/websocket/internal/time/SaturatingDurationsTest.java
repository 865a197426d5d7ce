package dev.duplex.websocket.internal.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** A duration too long to count in nanoseconds is "practically forever", never an ArithmeticException. */
class SaturatingDurationsTest {
    private static final Duration HUGE = Duration.ofSeconds((long) 2e17);
    private static final long FOREVER_NANOS = SaturatingDurations.PRACTICALLY_FOREVER.toNanos();

    @Test
    void practicallyForeverIsDecadesLong() {
        assertThat(SaturatingDurations.PRACTICALLY_FOREVER).isGreaterThan(Duration.of(70 * 365, ChronoUnit.DAYS));
    }

    @Test
    void convertsAnOrdinaryDurationExactly() {
        Duration duration = Duration.ofMillis(1500);

        assertThat(SaturatingDurations.toNanos(duration)).isEqualTo(1_500_000_000L);
        assertThat(SaturatingDurations.toMillis(duration)).isEqualTo(1500);
        assertThat(SaturatingDurations.capped(duration)).isSameAs(duration);
        assertThat(SaturatingDurations.deadline(10, duration)).isEqualTo(1_500_000_010L);
    }

    @Test
    void capsADurationBeyondWhatNanosecondsCanCount() {
        assertThat(SaturatingDurations.toNanos(HUGE)).isEqualTo(FOREVER_NANOS);
        assertThat(SaturatingDurations.toNanos(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
                .isEqualTo(FOREVER_NANOS);
        assertThat(SaturatingDurations.toMillis(HUGE)).isEqualTo(FOREVER_NANOS / 1_000_000);
        assertThat(SaturatingDurations.capped(HUGE)).isEqualTo(SaturatingDurations.PRACTICALLY_FOREVER);
    }

    @Test
    void aDeadlineFromAHugeDurationDoesNotOverflow() {
        long now = System.nanoTime();

        assertThat(SaturatingDurations.deadline(now, HUGE)).isEqualTo(now + FOREVER_NANOS).isGreaterThan(now);
        assertThat(SaturatingDurations.deadline(Long.MAX_VALUE - 5, HUGE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void leavesANegativeDurationAsItIs() {
        Duration waitForever = Duration.ofSeconds(-1);

        assertThat(SaturatingDurations.capped(waitForever)).isSameAs(waitForever);
        assertThat(SaturatingDurations.toNanos(waitForever)).isEqualTo(-1_000_000_000L);
    }
}
