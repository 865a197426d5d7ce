package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A timeout longer than nanoseconds can count (beyond about 292 years) means "practically forever": it is accepted
 * everywhere a timeout is, and never surfaces as an {@code ArithmeticException}.
 */
class PracticallyEndlessTimeoutTest {
    private static final Duration HUGE = Duration.ofSeconds((long) 2e17);

    /** Closes with the huge timeout when told to, and records what reaches onError. */
    public static final class ClosingWithAHugeTimeout implements Service {
        private final List<Throwable> errors;
        private final CompletableFuture<Void> closeReturned;

        ClosingWithAHugeTimeout(List<Throwable> errors, CompletableFuture<Void> closeReturned) {
            this.errors = errors;
            this.closeReturned = closeReturned;
        }

        public void onTextMessage(Caller caller, String text) {
            caller.close(4001, "bye", HUGE);
            closeReturned.complete(null);
        }

        public void onError(Throwable error) {
            errors.add(error);
        }
    }

    public static final class Echo implements Service {
        public Object onTextMessage(String text) {
            return text.equals("close") ? new CloseFrame(4002, "done") : text;
        }
    }

    @Test
    void aCallerCloseWithAHugeTimeoutSendsItsCloseFrameAndReturnsOnceAnswered() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        var closeReturned = new CompletableFuture<Void>();
        try (var listener = LoopbackListener.start("/ws", request -> new ClosingWithAHugeTimeout(errors, closeReturned));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("close, please");

            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(4001);
            raw.sendClose(4001, "");
            closeReturned.get(10, TimeUnit.SECONDS);
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void aReturnedCloseFrameWithAHugeConnectionClosureTimeoutIsSent() throws Exception {
        var config = WsServiceConfig.builder().connectionClosureTimeout(HUGE).writeTimeout(HUGE).idleTimeout(HUGE)
                .build();
        try (var listener = LoopbackListener.start("/ws", request -> new Echo(), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("hello");
            assertThat(raw.readFrame().text()).isEqualTo("hello");
            raw.sendText("close");
            assertThat(raw.readFrame().closeCode()).isEqualTo(4002);
        }
    }

    @Test
    void aListenerWithAHugeHttpTimeoutServesUpgrades() throws Exception {
        var listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").timeout(HUGE).build());
        listener.attach("/ws", request -> new Echo());
        try {
            listener.start();
            try (var raw = RawWebSocket.connect(listener.getPort(), "/ws")) {
                raw.sendText("hi");
                assertThat(raw.readFrame().text()).isEqualTo("hi");
            }
        } finally {
            listener.gracefulStop(HUGE);
        }
    }

    @Test
    void aClientWithHugeTimeoutsConnectsReadsAndClosesWithAHugeTimeout() throws Exception {
        var config = ClientConfiguration.builder().handShakeTimeout(HUGE).readTimeout(HUGE).writeTimeout(HUGE)
                .build();
        try (var listener = LoopbackListener.start("/ws", request -> new Echo())) {
            var client = new Client(listener.uri("/ws").toString(), config);
            client.writeTextMessage("hi");
            assertThat(client.readTextMessage()).isEqualTo("hi");
            client.close(1000, "", HUGE);
            assertThat(client.isOpen()).isFalse();
        }
    }
}
