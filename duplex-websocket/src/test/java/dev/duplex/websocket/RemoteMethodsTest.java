package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.JdkWebSocketPeer;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Spec §3.2.1: each kind of event reaches the remote method of its name. */
class RemoteMethodsTest {
    private final EventRecorder service = new EventRecorder();

    public static class RecordingService implements Service {
        private final EventRecorder events;

        public RecordingService(EventRecorder events) {
            this.events = events;
        }

        public void onOpen(Caller caller) {
            events.record("onOpen", caller.getConnectionId());
        }

        public void onTextMessage(Caller caller, String text) {
            events.record("onTextMessage", text);
        }

        public void onBinaryMessage(Caller caller, byte[] data) {
            events.record("onBinaryMessage", data);
        }

        public void onPong(Caller caller, byte[] data) {
            events.record("onPong", data);
        }

        public void onClose(Caller caller, int statusCode, String reason) {
            events.record("onClose", statusCode + " " + reason);
        }
    }

    public static class WithoutTheCaller implements Service {
        private final EventRecorder events;

        public WithoutTheCaller(EventRecorder events) {
            this.events = events;
        }

        public void onOpen() {
            events.record("onOpen");
        }

        public void onTextMessage(String text) {
            events.record("onTextMessage", text);
        }

        public void onBinaryMessage(byte[] data) {
            events.record("onBinaryMessage", data);
        }

        public void onClose(int statusCode) {
            events.record("onClose", statusCode);
        }
    }

    /** Answers pings with a pong of its own. */
    public static class PongingService implements Service {
        public byte[] onPing(byte[] data) {
            return ("re:" + new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Sees pings but leaves them unanswered; echoes text so the test can tell what came first. */
    public static class SilentOnPing implements Service {
        private final EventRecorder events;

        public SilentOnPing(EventRecorder events) {
            this.events = events;
        }

        public void onPing(Caller caller, byte[] data) {
            events.record("onPing", data);
        }

        public String onTextMessage(String text) {
            return text;
        }
    }

    /** Handles text only. */
    public static class TextOnly implements Service {
        public String onTextMessage(String text) {
            return "echo:" + text;
        }
    }

    @Test
    void callsOnOpenOnceTheHandshakeCompletes() {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            assertThat(service.expect("onOpen", String.class)).isNotBlank();
            service.assertNoMoreEvents();
        }
    }

    @Test
    void dispatchesATextMessageToOnTextMessage() {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            service.expect("onOpen");
            peer.sendText("héllo wörld");
            service.expect("onTextMessage", "héllo wörld");
            service.assertNoMoreEvents();
        }
    }

    @Test
    void dispatchesABinaryMessageToOnBinaryMessage() {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            service.expect("onOpen");
            peer.sendBinary(new byte[] {0, 1, 2, (byte) 0xFF});
            service.expect("onBinaryMessage", new byte[] {0, 1, 2, (byte) 0xFF});
            service.assertNoMoreEvents();
        }
    }

    @Test
    void callsMethodsThatLeaveOutTheCallerParameter() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new WithoutTheCaller(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            service.expect("onOpen");
            raw.sendText("text");
            service.expect("onTextMessage", "text");
            raw.sendBinary(new byte[] {7});
            service.expect("onBinaryMessage", new byte[] {7});
            raw.sendClose(4001, "done");
            service.expect("onClose", 4001);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void sendsTheByteArrayOnPingReturnsAsThePong() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new PongingService());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendFrame(true, RawWebSocket.OP_PING, "abc".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame pong = raw.readFrame();
            assertThat(pong.opcode()).isEqualTo(RawWebSocket.OP_PONG);
            assertThat(pong.text()).isEqualTo("re:abc");
        }
    }

    @Test
    void sendsNoPongWhenOnPingReturnsVoid() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new SilentOnPing(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendFrame(true, RawWebSocket.OP_PING, new byte[] {1, 2});
            service.expect("onPing", new byte[] {1, 2});
            raw.sendText("after the ping");
            RawWebSocket.Frame next = raw.readFrame();
            assertThat(next.opcode()).as("no pong came before the echo").isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(next.text()).isEqualTo("after the ping");
        }
    }

    @Test
    void answersAPingWithAPongEchoingItsPayloadWhenTheServiceHasNoOnPing() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new TextOnly());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendFrame(true, RawWebSocket.OP_PING, "are you there".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame pong = raw.readFrame();
            assertThat(pong.opcode()).isEqualTo(RawWebSocket.OP_PONG);
            assertThat(pong.text()).isEqualTo("are you there");
        }
    }

    @Test
    void dispatchesAPongToOnPong() {
        try (var listener = LoopbackListener.start("/ws", request -> new RecordingService(service));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            service.expect("onOpen");
            peer.sendPong(new byte[] {9, 8, 7});
            service.expect("onPong", new byte[] {9, 8, 7});
            service.assertNoMoreEvents();
        }
    }

    @Test
    void ignoresAMessageWithNoMethodForItsTypeAndKeepsTheConnectionWorking() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new TextOnly());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendBinary(new byte[] {1, 2, 3});
            raw.sendFrame(true, RawWebSocket.OP_PONG, new byte[0]);
            raw.sendText("still here");
            RawWebSocket.Frame reply = raw.readFrame();
            assertThat(reply.opcode()).isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(reply.text()).isEqualTo("echo:still here");
        }
    }

    @Test
    void ignoresEveryMessageWhenTheServiceHasNoMethodsAndStillClosesCleanly() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ServiceSignatureTest.NoMethods());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("nobody listens");
            raw.sendBinary(new byte[] {1});
            raw.sendClose(1000, "bye");
            RawWebSocket.Frame echo = raw.readFrame();
            assertThat(echo.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(echo.closeCode()).isEqualTo(1000);
        }
    }
}
