package dev.duplex.websocket.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.Resumption;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * History in one process: every message of a group with history carries its offset (in the default JSON envelope),
 * and a reconnecting client resumes after the last offset it saw — within the window it gets what it missed, in
 * order, then live messages; too far behind, it is told so and does not join.
 */
class GroupHistoryTest {
    private static final GroupSettings KEEP_FIVE = GroupSettings.builder()
            .history(new HistoryLimits(5, Duration.ofHours(1))).build();

    /** Joins nobody on open; a text message is the offset to resume after ("-" for none). */
    public static final class Resuming implements Service {
        private final Groups groups;
        private final BlockingQueue<Resumption> results;

        Resuming(Groups groups, BlockingQueue<Resumption> results) {
            this.groups = groups;
            this.results = results;
        }

        public void onTextMessage(Caller caller, String offset) {
            groups.group("news", KEEP_FIVE).resume(caller, offset.equals("-") ? null : offset)
                    .thenAccept(results::add);
        }
    }

    private LoopbackListener server;
    private Group news;
    private final BlockingQueue<Resumption> results = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        server = LoopbackListener.start();
        Groups groups = server.listener().groups();
        news = groups.group("news", KEEP_FIVE);
        server.listener().attach("/news", request -> new Resuming(groups, results));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String envelope(int offset, String text) {
        return "{\"offset\":\"" + offset + "\",\"text\":\"" + text + "\"}";
    }

    @Test
    void aClientResumingWithinTheWindowGetsWhatItMissedInOrderThenLiveMessages() throws Exception {
        try (var first = RawWebSocket.connect(server.port(), "/news")) {
            first.sendText("-");
            assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo(new Resumption(true, 0, null));
            for (int i = 1; i <= 4; i++) {
                news.broadcastText("m" + i);
            }
            assertThat(first.readMessage().text()).isEqualTo(envelope(1, "m1"));
            assertThat(first.readMessage().text()).isEqualTo(envelope(2, "m2"));
        }
        // The client went away after offset 2; two messages were sent meanwhile (3 and 4), and one more now.
        news.broadcastText("m5");
        try (var back = RawWebSocket.connect(server.port(), "/news")) {
            back.sendText("2");
            Resumption resumed = results.poll(10, TimeUnit.SECONDS);
            assertThat(resumed).isEqualTo(new Resumption(true, 3, "5"));
            assertThat(back.readMessage().text()).isEqualTo(envelope(3, "m3"));
            assertThat(back.readMessage().text()).isEqualTo(envelope(4, "m4"));
            assertThat(back.readMessage().text()).isEqualTo(envelope(5, "m5"));
            news.broadcastText("m6");
            assertThat(back.readMessage().text()).isEqualTo(envelope(6, "m6"));
        }
    }

    @Test
    void aClientTooFarBehindIsToldSoAndDoesNotJoin() throws Exception {
        for (int i = 1; i <= 9; i++) {
            news.broadcastText("m" + i);
        }
        // Five are kept (5..9): after offset 3, message 4 is gone.
        try (var late = RawWebSocket.connect(server.port(), "/news")) {
            late.sendText("3");
            assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo(new Resumption(false, 0, "3"));
            assertThat(news.localSize()).isZero();
        }
        // After offset 4, everything it missed is still kept.
        try (var inTime = RawWebSocket.connect(server.port(), "/news")) {
            inTime.sendText("4");
            assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo(new Resumption(true, 5, "9"));
            for (int i = 5; i <= 9; i++) {
                assertThat(inTime.readMessage().text()).isEqualTo(envelope(i, "m" + i));
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> news.localSize() == 1);
        }
    }

    @Test
    void anOffsetTheGroupNeverHandedOutIsRefused() throws Exception {
        news.broadcastText("only");
        try (var peer = RawWebSocket.connect(server.port(), "/news")) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.listener().groups().connections()
                    .size() == 1);
            Caller caller = server.listener().groups().connections().iterator().next();
            assertThatThrownBy(() -> news.resume(caller, "99").toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(news.localSize()).isZero();
        }
    }
}
