package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Spec §3.2.1 onIdleTimeout and §3.1.1 idleTimeout: after a silence of {@code idleTimeout}, {@code onIdleTimeout} is
 * called; the connection stays open unless the method closes it.
 */
class IdleTimeoutTest {
    private static final WsServiceConfig IDLE_AFTER_200_MS =
            WsServiceConfig.builder().idleTimeout(Duration.ofMillis(200)).build();

    private final EventRecorder service = new EventRecorder();

    /** Notes when each idle timeout came ({@link System#nanoTime()}) and echoes text. */
    public static class NotingIdleness implements Service {
        private final EventRecorder events;

        public NotingIdleness(EventRecorder events) {
            this.events = events;
        }

        public void onIdleTimeout(Caller caller) {
            events.record("onIdleTimeout", System.nanoTime());
        }

        public String onTextMessage(String text) {
            return text;
        }
    }

    /** Closes the connection when it goes idle, by returning a close frame. */
    public static class ClosingWhenIdle implements Service {
        public CloseFrame onIdleTimeout() {
            return new CloseFrame(4008, "idle for too long");
        }
    }

    /** Closes the connection when it goes idle, through the caller. */
    public static class CallerClosingWhenIdle implements Service {
        public void onIdleTimeout(Caller caller) {
            caller.close(1001, "idle", Duration.ZERO);
        }
    }

    /** Has no onIdleTimeout. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    @Test
    void callsOnIdleTimeoutAfterSilenceAndKeepsTheConnectionOpen() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new NotingIdleness(service), IDLE_AFTER_200_MS)) {
            long connecting = System.nanoTime();
            try (var raw = RawWebSocket.connect(listener.port(), "/ws")) {
                long idleSince = service.expect("onIdleTimeout", Long.class) - connecting;
                assertThat(Duration.ofNanos(idleSince)).as("not before the idle timeout")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
                raw.sendText("still open");
                RawWebSocket.Frame echo = raw.readFrame();
                assertThat(echo.opcode()).as("no close frame came first").isEqualTo(RawWebSocket.OP_TEXT);
                assertThat(echo.text()).isEqualTo("still open");
            }
        }
    }

    @Test
    void closesTheConnectionWhenOnIdleTimeoutReturnsACloseFrame() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ClosingWhenIdle(), IDLE_AFTER_200_MS);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(4008);
            assertThat(close.closeReason()).isEqualTo("idle for too long");
        }
    }

    @Test
    void closesTheConnectionWhenOnIdleTimeoutClosesTheCaller() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new CallerClosingWhenIdle(), IDLE_AFTER_200_MS);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            assertThat(raw.readFrame().closeCode()).isEqualTo(1001);
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void leavesAnIdleConnectionAloneWhenTheServiceHasNoOnIdleTimeout() throws Exception {
        var config = WsServiceConfig.builder().idleTimeout(Duration.ofMillis(50)).build();
        try (var listener = LoopbackListener.start("/ws", request -> new Echo(), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            assertThat(raw.awaitTcpClose(Duration.ofMillis(400))).as("several idle periods pass").isFalse();
            raw.sendText("still open");
            RawWebSocket.Frame echo = raw.readFrame();
            assertThat(echo.opcode()).isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(echo.text()).isEqualTo("still open");
        }
    }

    @Test
    void neverCallsOnIdleTimeoutWhenIdleTimeoutIsZero() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new NotingIdleness(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("hello");
            assertThat(raw.readFrame().text()).isEqualTo("hello");
            service.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }
}
