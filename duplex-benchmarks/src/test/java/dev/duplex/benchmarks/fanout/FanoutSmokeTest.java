package dev.duplex.benchmarks.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keeps the fan-out benchmark honest: a tiny run of the generator against each fan-out server, started in-process on
 * an ephemeral port, must count exactly one delivery per reading subscriber and message, in order, and leave the
 * stalled subscribers out. The figures themselves mean nothing here.
 */
class FanoutSmokeTest {
    private static final int SUBSCRIBERS = 40;
    private static final int MESSAGES = 60;

    private static FanoutResult run(FanoutServerKind kind, double rate, double stalledPercent) throws Exception {
        try (FanoutServer server = kind.start(0)) {
            return FanoutGenerator.run(FanoutOptions.builder()
                    .port(server.port())
                    .subscribers(SUBSCRIBERS)
                    .messages(MESSAGES)
                    .warmupMessages(10)
                    .rate(rate)
                    .stalledPercent(stalledPercent)
                    .sourceAddresses(2)
                    .timeout(Duration.ofSeconds(20))
                    .tag("server", kind.id())
                    .build());
        }
    }

    @ParameterizedTest
    @EnumSource(FanoutServerKind.class)
    void everySubscriberReceivesEveryMessageOnceAndInOrderBackToBack(FanoutServerKind kind) throws Exception {
        FanoutResult result = run(kind, 0, 0);

        assertThat(result.clean()).as(result.summary()).isTrue();
        assertThat(result.subscribers()).as(result.summary()).isEqualTo(SUBSCRIBERS);
        assertThat(result.deliveries()).as(result.summary()).isEqualTo((long) SUBSCRIBERS * MESSAGES);
        assertThat(result.completeMessages()).as(result.summary()).isEqualTo(MESSAGES);
        assertThat(result.closedSubscribers()).as(result.summary()).isZero();
        assertThat(result.lastMemberP50Micros()).as(result.summary()).isPositive()
                .isLessThanOrEqualTo(result.lastMemberMaxMicros());
        assertThat(result.deliveriesPerSecond()).as(result.summary()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(FanoutServerKind.class)
    void aPacedBatchTakesAtLeastItsScheduleAndStillReachesEveryone(FanoutServerKind kind) throws Exception {
        FanoutResult result = run(kind, 400, 0);

        assertThat(result.deliveries()).as(result.summary()).isEqualTo((long) SUBSCRIBERS * MESSAGES);
        // 60 messages at 400/s: the last is due 59/400 s = 147.5 ms after the first.
        assertThat(result.seconds()).as(result.summary()).isGreaterThanOrEqualTo(0.1475);
        assertThat(result.publishSeconds()).as(result.summary()).isGreaterThanOrEqualTo(0.1475);
    }

    @ParameterizedTest
    @EnumSource(FanoutServerKind.class)
    void stalledSubscribersAreLeftOutOfTheDeliveryCount(FanoutServerKind kind) throws Exception {
        FanoutResult result = run(kind, 0, 5);

        assertThat(result.stalled()).isEqualTo(2);
        assertThat(result.clean()).as(result.summary()).isTrue();
        assertThat(result.expectedDeliveries()).isEqualTo((long) (SUBSCRIBERS - 2) * MESSAGES);
        assertThat(result.deliveries()).as(result.summary()).isEqualTo(result.expectedDeliveries());
        assertThat(result.completeMessages()).as(result.summary()).isEqualTo(MESSAGES);
    }
}
