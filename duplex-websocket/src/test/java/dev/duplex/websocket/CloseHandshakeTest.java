package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.JdkWebSocketPeer;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Spec §3.2.1 onClose and RFC 6455 §7: how a connection ends and what {@code onClose} is told — exactly once, last.
 */
class CloseHandshakeTest {
    private final EventRecorder service = new EventRecorder();

    public static class RecordingService implements Service {
        private final EventRecorder events;

        public RecordingService(EventRecorder events) {
            this.events = events;
        }

        public void onOpen() {
            events.record("onOpen");
        }

        public void onTextMessage(Caller caller, String text) {
            events.record("onTextMessage", text);
        }

        public void onError(Throwable error) {
            events.record("onError", error);
        }

        public void onClose(Caller caller, int statusCode, String reason) {
            events.record("onClose", statusCode + " " + reason);
        }
    }

    /** Takes its time over each message, so close events arrive while messages are still waiting. */
    public static class SlowService implements Service {
        private final EventRecorder events;
        private final CountDownLatch release;

        public SlowService(EventRecorder events, CountDownLatch release) {
            this.events = events;
            this.release = release;
        }

        public void onTextMessage(String text) throws InterruptedException {
            release.await(10, TimeUnit.SECONDS);
            events.record("onTextMessage", text);
        }

        public void onClose(int statusCode, String reason) {
            events.record("onClose", statusCode + " " + reason);
        }
    }

    /** Closes as soon as it is told to. */
    public static class ClosingService implements Service {
        private final EventRecorder events;

        public ClosingService(EventRecorder events) {
            this.events = events;
        }

        public void onTextMessage(Caller caller, String text) {
            events.record("onTextMessage", text);
            caller.close(4000, "server says bye", Duration.ofSeconds(5));
            events.record("closed");
        }

        public void onClose(int statusCode, String reason) {
            events.record("onClose", statusCode + " " + reason);
        }
    }

    @Test
    void callsOnCloseWithThePeersCodeAndReasonAndEchoesTheCode() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            service.expect("onOpen");
            raw.sendClose(4321, "see you");
            RawWebSocket.Frame echo = raw.readFrame();
            assertThat(echo.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(echo.closeCode()).isEqualTo(4321);
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).as("TCP closed after the echo").isTrue();
            service.expect("onClose", "4321 see you");
            service.assertNoMoreEvents();
        }
    }

    @Test
    void callsOnCloseWith1005WhenThePeersCloseFrameHasNoCode() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            service.expect("onOpen");
            raw.sendFrame(true, RawWebSocket.OP_CLOSE, new byte[0]);
            RawWebSocket.Frame echo = raw.readFrame();
            assertThat(echo.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(echo.payload()).as("an empty close frame is echoed empty").isEmpty();
            service.expect("onClose", "1005 ");
            service.assertNoMoreEvents();
        }
    }

    @Test
    void callsOnCloseWith1006WhenTheTcpConnectionDropsWithoutACloseFrame() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service))) {
            var raw = RawWebSocket.connect(listener.port(), "/ws");
            service.expect("onOpen");
            raw.sendText("last words");
            service.expect("onTextMessage", "last words");
            raw.close();
            service.expect("onClose", "1006 ");
            service.assertNoMoreEvents();
        }
    }

    @Test
    void callsOnCloseWithTheJdkClientsCloseCode() {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            service.expect("onOpen");
            peer.sendClose(1001, "tab closed");
            service.expect("onClose", "1001 tab closed");
            assertThat(peer.expectClose()).isEqualTo(new JdkWebSocketPeer.Closed(1001, ""));
            service.assertNoMoreEvents();
        }
    }

    @Test
    void callsOnCloseAfterEveryMessageThatArrivedBeforeTheCloseFrame() throws Exception {
        var release = new CountDownLatch(1);
        try (var listener = LoopbackListener.start("/ws", request -> new SlowService(service, release));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            for (int i = 0; i < 5; i++) {
                raw.sendText("m" + i);
            }
            raw.sendClose(1000, "");
            assertThat(raw.readFrame().opcode()).as("the close is echoed at once, whatever the service is doing")
                    .isEqualTo(RawWebSocket.OP_CLOSE);
            release.countDown();
            for (int i = 0; i < 5; i++) {
                service.expect("onTextMessage", "m" + i);
            }
            service.expect("onClose", "1000 ");
            service.assertNoMoreEvents();
        }
    }

    @Test
    void callsOnCloseOnceAfterOnErrorWhenThePeerBreaksTheProtocol() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            service.expect("onOpen");
            raw.sendRaw(RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT, new byte[] {'x'}, false));
            assertThat(raw.readFrame().closeCode()).as("an unmasked frame is a protocol error").isEqualTo(1002);
            raw.sendClose(1000, "late close frame");
            assertThat(service.expect("onError").value()).isInstanceOf(CorruptedFrameException.class);
            assertThat(service.expect("onClose", String.class)).startsWith("1002 ");
            service.assertNoMoreEvents();
        }
    }

    @Test
    void callsOnCloseOnceWhenTheServiceClosedFirstAndThePeerAnswered() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ClosingService(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("close please");
            service.expect("onTextMessage", "close please");
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(close.closeReason()).isEqualTo("server says bye");
            raw.sendClose(4000, "");
            service.expect("closed");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
            service.expect("onClose", String.class);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void dropsDataMessagesThatArriveAfterTheServiceSentItsCloseFrame() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ClosingService(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("close please");
            service.expect("onTextMessage", "close please");
            assertThat(raw.readFrame().closeCode()).isEqualTo(4000);
            raw.sendText("sent before the peer saw the close frame");
            raw.sendClose(4000, "");
            service.expect("closed");
            service.expect("onClose", "4000 ");
            service.assertNoMoreEvents();
        }
    }
}
