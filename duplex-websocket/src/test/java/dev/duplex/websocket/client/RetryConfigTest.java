package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.RetryConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryConfigTest {

    @Test
    void defaultsAreTheReferenceOnes() {
        assertThat(RetryConfig.DEFAULT.maxCount()).isZero();
        assertThat(RetryConfig.DEFAULT.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryConfig.DEFAULT.backOffFactor()).isEqualTo(1.0);
        assertThat(RetryConfig.DEFAULT.maxWaitInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void delayGrowsByTheBackOffFactorUpToTheMaximumWait() {
        var retry = new RetryConfig(10, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));

        assertThat(retry.delayBefore(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.delayBefore(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(retry.delayBefore(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(retry.delayBefore(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.delayBefore(5)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void smallBackOffFactorsReallyGrowTheDelay() {
        // The reference passes the factor through Math.toRadians, so any factor below 57.3 gave no back-off.
        var retry = new RetryConfig(0, Duration.ofSeconds(1), 1.5, Duration.ofSeconds(30));

        assertThat(retry.delayBefore(1)).isEqualTo(Duration.ofMillis(1500));
        assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofMillis(2250));
    }

    @Test
    void factorOfOneKeepsTheDelayConstant() {
        var retry = new RetryConfig(0, Duration.ofMillis(250), 1.0, Duration.ofSeconds(30));

        assertThat(retry.delayBefore(0)).isEqualTo(Duration.ofMillis(250));
        assertThat(retry.delayBefore(100)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void delayOfAVeryLateAttemptIsTheMaximumWaitWithoutOverflow() {
        var retry = new RetryConfig(0, Duration.ofSeconds(1), 10.0, Duration.ofSeconds(30));

        assertThat(retry.delayBefore(1_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(retry.delayBefore(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void maxCountLimitsTheAttempts() {
        var retry = new RetryConfig(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1));

        assertThat(retry.allows(0)).isTrue();
        assertThat(retry.allows(2)).isTrue();
        assertThat(retry.allows(3)).isFalse();
    }

    @Test
    void maxCountZeroRetriesForever() {
        assertThat(RetryConfig.DEFAULT.allows(Integer.MAX_VALUE)).isTrue();
    }

    @Test
    void negativeMaxCountIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new RetryConfig(-1, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCount");
    }

    @Test
    void backOffFactorBelowOneIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new RetryConfig(0, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backOffFactor");
        assertThatThrownBy(() -> new RetryConfig(0, Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backOffFactor");
    }

    @Test
    void negativeIntervalIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new RetryConfig(0, Duration.ofSeconds(-1), 1.0, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
    }

    @Test
    void maximumWaitShorterThanTheIntervalIsRefused() {
        assertThatThrownBy(() -> new RetryConfig(0, Duration.ofSeconds(5), 1.0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWaitInterval");
    }
}
