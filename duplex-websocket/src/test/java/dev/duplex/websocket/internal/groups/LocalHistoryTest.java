package dev.duplex.websocket.internal.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.cluster.BrokerMessage;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.cluster.Replay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A group's history in one process, on a clock the test moves: bounded by count and by age, offsets from 1. */
class LocalHistoryTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LocalHistory history = new LocalHistory(new HistoryLimits(3, Duration.ofSeconds(10)), now::get);

    private static BrokerMessage text(String text) {
        return new BrokerMessage(BrokerMessage.Kind.TEXT, text.getBytes(StandardCharsets.UTF_8), "node", null);
    }

    @Test
    void offsetsCountFromOneAndAReplayHoldsWhatCameAfterTheOffsetAskedFor() {
        assertThat(history.append(text("a"))).isEqualTo("1");
        assertThat(history.append(text("b"))).isEqualTo("2");
        Replay replay = history.after("1");
        assertThat(replay.complete()).isTrue();
        assertThat(replay.entries()).extracting(Replay.Entry::offset).containsExactly("2");
        assertThat(history.after("2").entries()).isEmpty();
        assertThat(history.after("0").entries()).hasSize(2);
    }

    @Test
    void messagesBeyondTheCountAreTrimmedAndAnOffsetBeforeThemIsTooFarBehind() {
        for (int i = 0; i < 5; i++) {
            history.append(text("m" + i));
        }
        // Kept: 3, 4, 5. After 2 nothing is missing; after 1, message 2 is gone.
        assertThat(history.after("2").complete()).isTrue();
        assertThat(history.after("2").entries()).extracting(Replay.Entry::offset).containsExactly("3", "4", "5");
        assertThat(history.after("1").complete()).isFalse();
    }

    @Test
    void messagesOlderThanTheMaxAgeAreTrimmed() {
        history.append(text("old"));
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        history.append(text("new"));
        assertThat(history.after("0").complete()).as("message 1 aged out").isFalse();
        assertThat(history.after("1").entries()).extracting(Replay.Entry::offset).containsExactly("2");
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(history.after("2").complete()).as("nothing after 2 was ever lost").isTrue();
        assertThat(history.after("1").complete()).as("message 2 aged out too").isFalse();
    }

    @Test
    void anOffsetNeverHandedOutIsRefused() {
        history.append(text("a"));
        assertThatThrownBy(() -> history.after("2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> history.after("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> history.after("-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
