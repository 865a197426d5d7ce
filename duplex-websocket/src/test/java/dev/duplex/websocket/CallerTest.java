package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.JdkWebSocketPeer;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §3 {@code websocket:Caller}: what a service can do with its end of the connection. */
class CallerTest {
    private final EventRecorder service = new EventRecorder();
    /** The caller of the last connection opened. */
    private final CompletableFuture<Caller> opened = new CompletableFuture<>();

    /** What a {@link Scripted} service does with each text message it receives. */
    @FunctionalInterface
    interface Script {
        Object run(Caller caller, String text) throws Exception;
    }

    /** Runs the test's script for each text message; records open, errors and close. */
    public static class Scripted implements Service {
        private final EventRecorder events;
        private final CompletableFuture<Caller> opened;
        private final Script script;

        Scripted(EventRecorder events, CompletableFuture<Caller> opened, Script script) {
            this.events = events;
            this.opened = opened;
            this.script = script;
        }

        public void onOpen(Caller caller) {
            opened.complete(caller);
        }

        public Object onTextMessage(Caller caller, String text) throws Exception {
            return script.run(caller, text);
        }

        public void onError(Throwable error) {
            events.record("onError", error);
        }

        public void onClose(Caller caller, int statusCode, String reason) {
            events.record("onClose", statusCode);
        }
    }

    private LoopbackListener listen(EventRecorder events, Script script) {
        return listen(events, WsServiceConfig.DEFAULT, script);
    }

    private LoopbackListener listen(EventRecorder events, WsServiceConfig config, Script script) {
        return LoopbackListener.start("/ws", request -> new Scripted(events, opened, script), config);
    }

    private Caller openedCaller() throws Exception {
        return opened.get(10, TimeUnit.SECONDS);
    }

    // ---- writing ----

    @Test
    void writeTextMessageSendsATextMessage() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.writeTextMessage("zwölf 🎉");
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            RawWebSocket.Frame frame = raw.readFrame();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(frame.fin()).isTrue();
            assertThat(frame.masked()).as("a server never masks").isFalse();
            assertThat(frame.text()).isEqualTo("zwölf 🎉");
        }
    }

    @Test
    void writeBinaryMessageSendsABinaryMessage() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.writeBinaryMessage(new byte[] {1, 2, 3});
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            RawWebSocket.Frame frame = raw.readFrame();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
            assertThat(frame.payload()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void writeMessageSendsAStringAsTextAndBytesAsBinary() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.writeMessage("as text");
            caller.writeMessage(new byte[] {4, 5});
            caller.writeMessage(ByteBuffer.wrap(new byte[] {6, 7, 8}, 1, 2));
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            RawWebSocket.Frame text = raw.readFrame();
            assertThat(text.opcode()).isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(text.text()).isEqualTo("as text");
            RawWebSocket.Frame bytes = raw.readFrame();
            assertThat(bytes.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
            assertThat(bytes.payload()).containsExactly(4, 5);
            RawWebSocket.Frame buffer = raw.readFrame();
            assertThat(buffer.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
            assertThat(buffer.payload()).as("the buffer's remaining bytes").containsExactly(7, 8);
        }
    }

    @Test
    void writesFromOtherThreadsKeepEachThreadsOrderAndNeverInterleaveMessages() throws Exception {
        var callers = new CompletableFuture<Caller>();
        try (var listener = LoopbackListener.start("/ws", request -> new Service() {
            @SuppressWarnings("unused")
            public void onOpen(Caller caller) {
                callers.complete(caller);
            }
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            Caller caller = callers.get(10, TimeUnit.SECONDS);
            String padding = "x".repeat(3000);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        caller.writeTextMessage(thread + ":" + i + ":" + padding);
                    }
                }));
            }
            writers.forEach(Thread::start);
            int[] nextOfThread = new int[4];
            for (int n = 0; n < 200; n++) {
                RawWebSocket.Frame frame = raw.readFrame();
                assertThat(frame.fin()).isTrue();
                String[] parts = frame.text().split(":");
                int thread = Integer.parseInt(parts[0]);
                assertThat(Integer.parseInt(parts[1])).isEqualTo(nextOfThread[thread]++);
                assertThat(parts[2]).isEqualTo(padding);
            }
            for (Thread writer : writers) {
                writer.join(10_000);
            }
        }
    }

    // ---- ping and pong ----

    @Test
    void pingSendsAPingFrame() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.ping("p".getBytes(StandardCharsets.UTF_8));
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            RawWebSocket.Frame frame = raw.readFrame();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_PING);
            assertThat(frame.text()).isEqualTo("p");
        }
    }

    @Test
    void pongSendsAPongFrame() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.pong(new byte[125]);
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            RawWebSocket.Frame frame = raw.readFrame();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_PONG);
            assertThat(frame.payload()).as("125 bytes is the most a control frame carries").hasSize(125);
        }
    }

    @Test
    void pingRefusesAPayloadOver125BytesAndSendsNothing() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            try {
                caller.ping(new byte[126]);
            } catch (IllegalArgumentException refused) {
                service.record("refused", refused.getMessage());
            }
            return "after";
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(service.expect("refused", String.class)).contains("126", "125");
            RawWebSocket.Frame next = raw.readFrame();
            assertThat(next.opcode()).as("no ping went out").isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(next.text()).isEqualTo("after");
        }
    }

    @Test
    void pongRefusesAPayloadOver125BytesAndSendsNothing() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            try {
                caller.pong(new byte[200]);
            } catch (IllegalArgumentException refused) {
                service.record("refused", refused.getMessage());
            }
            return "after";
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(service.expect("refused", String.class)).contains("200", "125");
            RawWebSocket.Frame next = raw.readFrame();
            assertThat(next.opcode()).as("no pong went out").isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(next.text()).isEqualTo("after");
        }
    }

    // ---- close ----

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1012, 1015, 2999, 5000})
    void closeRefusesAStatusCodeThatMayNotBeSentAndSendsNothing(int code) throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            try {
                caller.close(code, "no", Duration.ZERO);
            } catch (IllegalArgumentException refused) {
                service.record("refused", refused.getMessage());
            }
            return "still open";
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(service.expect("refused", String.class)).contains("Invalid status code", "" + code);
            RawWebSocket.Frame next = raw.readFrame();
            assertThat(next.opcode()).isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(next.text()).isEqualTo("still open");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999})
    void closeSendsEveryStatusCodeThatMayBeSent(int code) throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.close(code, "reason " + code, Duration.ZERO);
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(code);
            assertThat(close.closeReason()).isEqualTo("reason " + code);
        }
    }

    @Test
    void closeRefusesAReasonLongerThan123BytesAndSendsNothing() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            try {
                caller.close(1000, "é".repeat(62), Duration.ZERO);
            } catch (IllegalArgumentException refused) {
                service.record("refused", refused.getMessage());
            }
            return "still open";
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(service.expect("refused", String.class)).contains("123");
            assertThat(raw.readFrame().text()).isEqualTo("still open");
        }
    }

    @Test
    void closeWaitsForThePeersCloseFrameUpToTheTimeoutThenDropsTheConnection() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            long start = System.nanoTime();
            try {
                caller.close(1000, "bye", Duration.ofMillis(300));
                service.record("returned");
            } catch (ConnectionClosureException timedOut) {
                service.record("threw", timedOut);
            }
            service.record("waited", Duration.ofNanos(System.nanoTime() - start));
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(close.closeReason()).isEqualTo("bye");
            // The raw peer never answers.
            assertThat(service.expect("threw", ConnectionClosureException.class))
                    .hasMessageContaining("no close frame from the peer");
            assertThat(service.expect("waited", Duration.class)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).as("the server dropped TCP").isTrue();
            service.expect("onClose", 1006);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void closeFailsAtOnceWhenThePeerDropsTcpInsteadOfAnsweringTheCloseFrame() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            long start = System.nanoTime();
            try {
                caller.close(1000, "bye", Duration.ofSeconds(30));
                service.record("returned");
            } catch (ConnectionClosureException dropped) {
                service.record("threw", dropped);
            }
            service.record("waited", Duration.ofNanos(System.nanoTime() - start));
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(raw.readFrame().closeCode()).isEqualTo(1000);
            raw.close();

            assertThat(service.expect("threw", ConnectionClosureException.class))
                    .hasMessageContaining("closed without a close frame from the peer");
            assertThat(service.expect("waited", Duration.class)).isLessThan(Duration.ofSeconds(30));
            service.expect("onClose", 1006);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void closeReturnsAsSoonAsThePeerAnswers() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.close(4000, "bye", Duration.ofSeconds(30));
            service.record("returned");
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(raw.readFrame().closeCode()).isEqualTo(4000);
            raw.sendClose(4000, "");
            service.expect("returned");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
            service.expect("onClose", 4000);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void closeReturnsAsSoonAsThePeerAnswersEvenWhenTheInboundQueueIsFull() throws Exception {
        var config = WsServiceConfig.builder().inboundQueueCapacity(2).build();
        try (var listener = listen(service, config, (caller, text) -> {
            long start = System.nanoTime();
            try {
                caller.close(1000, "", Duration.ofSeconds(5));
                service.record("returned");
            } catch (ConnectionClosureException timedOut) {
                service.record("threw", timedOut);
            }
            service.record("waited", Duration.ofNanos(System.nanoTime() - start));
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            for (int i = 0; i < 6; i++) {
                raw.sendText("go");
            }
            assertThat(raw.readFrame().opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            raw.sendClose(1000, "");
            service.expect("returned");
            assertThat(service.expect("waited", Duration.class)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void closeWithAZeroTimeoutDoesNotWaitAndLeavesTheConnectionClosed() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.close(1001, "going", Duration.ZERO);
            service.record("isOpen", caller.isOpen());
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(raw.readFrame().closeCode()).isEqualTo(1001);
            service.expect("isOpen", false);
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).as("dropped without waiting for an answer")
                    .isTrue();
            service.expect("onClose", Integer.class);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void closeWithMinusOneSecondWaitsUntilThePeerAnswers() throws Exception {
        var config = WsServiceConfig.builder().connectionClosureTimeout(Duration.ofMillis(100)).build();
        try (var listener = listen(service, config, (caller, text) -> {
            caller.close(1000, "", Duration.ofSeconds(-1));
            service.record("returned");
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(raw.readFrame().opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            service.assertNoMoreEvents(Duration.ofMillis(500));
            assertThat(raw.awaitTcpClose(Duration.ofMillis(100))).as("still connected").isFalse();
            raw.sendClose(1000, "");
            service.expect("returned");
            service.expect("onClose", 1000);
        }
    }

    @Test
    void closeRefusesANegativeTimeoutOtherThanMinusOneSecond() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            try {
                caller.close(1000, "", Duration.ofSeconds(-2));
            } catch (IllegalArgumentException refused) {
                service.record("refused", refused.getMessage());
            }
            return "still open";
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(service.expect("refused", String.class)).contains("timeout");
            assertThat(raw.readFrame().text()).isEqualTo("still open");
        }
    }

    @Test
    void closeWithoutATimeoutWaitsTheServicesConnectionClosureTimeout() throws Exception {
        var config = WsServiceConfig.builder().connectionClosureTimeout(Duration.ofMillis(400)).build();
        try (var listener = listen(service, config, (caller, text) -> {
            long start = System.nanoTime();
            try {
                caller.close(1000, "bye");
            } catch (ConnectionClosureException timedOut) {
                service.record("threw", timedOut);
            }
            service.record("waited", Duration.ofNanos(System.nanoTime() - start));
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(raw.readFrame().opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            service.expect("threw", ConnectionClosureException.class);
            assertThat(service.expect("waited", Duration.class)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void writingAfterCloseThrowsConnectionClosureException() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.close(1000, "", Duration.ofSeconds(5));
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            Caller caller = openedCaller();
            raw.sendText("go");
            assertThat(raw.readFrame().opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertClosure(() -> caller.writeTextMessage("too late"));
            assertClosure(() -> caller.writeBinaryMessage(new byte[1]));
            assertClosure(() -> caller.writeMessage("too late"));
            assertClosure(() -> caller.ping(new byte[1]));
            assertThat(raw.awaitTcpClose(Duration.ofMillis(100))).as("nothing more was sent").isFalse();
        }
    }

    @Test
    void aSecondCloseThrowsConnectionClosureException() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            caller.close(1000, "first", Duration.ZERO);
            try {
                caller.close(1000, "second", Duration.ZERO);
            } catch (ConnectionClosureException again) {
                service.record("threw", again.getMessage());
            }
            return null;
        }); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");
            assertThat(service.expect("threw", String.class)).containsPattern("close frame was already sent|closed");
            assertThat(raw.readFrame().closeReason()).isEqualTo("first");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).as("no second close frame").isTrue();
        }
    }

    @Test
    void writingAfterThePeerClosedThrowsConnectionClosureException() throws Exception {
        try (var listener = listen(service, (caller, text) -> null);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            Caller caller = openedCaller();
            raw.sendClose(1000, "");
            service.expect("onClose", 1000);
            assertThat(caller.isOpen()).isFalse();
            assertClosure(() -> caller.writeTextMessage("too late"));
            assertClosure(() -> caller.close(1000, "", Duration.ZERO));
        }
    }

    private static void assertClosure(Runnable action) {
        org.assertj.core.api.Assertions.assertThatThrownBy(action::run)
                .isInstanceOf(ConnectionClosureException.class)
                .hasMessageMatching("cannot (send|close).*(a close frame was already sent|the connection is closed).*");
    }

    // ---- what the caller knows about its connection ----

    @Test
    void getConnectionIdIsStableForAConnectionAndUniqueAcrossConnections() throws Exception {
        try (var listener = listen(service, (caller, text) -> caller.getConnectionId());
             var first = RawWebSocket.connect(listener.port(), "/ws");
             var second = RawWebSocket.connect(listener.port(), "/ws")) {
            first.sendText("id?");
            String firstId = first.readFrame().text();
            first.sendText("id?");
            assertThat(first.readFrame().text()).isEqualTo(firstId);
            second.sendText("id?");
            assertThat(second.readFrame().text()).isNotBlank().isNotEqualTo(firstId);
        }
    }

    @Test
    void getNegotiatedSubProtocolIsTheOneAgreedInTheHandshake() {
        var config = WsServiceConfig.builder().subProtocols("chat", "superchat").build();
        try (var listener = listen(service, config,
                (caller, text) -> caller.getNegotiatedSubProtocol().orElse("none"));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"), "superchat")) {
            assertThat(peer.subProtocol()).isEqualTo("superchat");
            peer.sendText("?");
            assertThat(peer.expectText()).isEqualTo("superchat");
        }
    }

    @Test
    void getNegotiatedSubProtocolIsEmptyWhenNoneWasAgreed() {
        try (var listener = listen(service, (caller, text) -> caller.getNegotiatedSubProtocol().orElse("none"));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            peer.sendText("?");
            assertThat(peer.expectText()).isEqualTo("none");
        }
    }

    @Test
    void isSecureIsFalseOnAPlainConnection() {
        try (var listener = listen(service, (caller, text) -> String.valueOf(caller.isSecure()));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            peer.sendText("?");
            assertThat(peer.expectText()).isEqualTo("false");
        }
    }

    @Test
    void isOpenIsTrueWhileTheConnectionIsOpen() {
        try (var listener = listen(service, (caller, text) -> String.valueOf(caller.isOpen()));
             var peer = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            peer.sendText("?");
            assertThat(peer.expectText()).isEqualTo("true");
        }
    }

    @Test
    void attributesLiveAsLongAsTheConnection() {
        try (var listener = listen(service, (caller, text) -> {
            switch (text) {
                case "set" -> caller.setAttribute("user", "ada");
                case "remove" -> service.record("removed", caller.removeAttribute("user"));
                default -> service.record("get", String.valueOf(caller.getAttribute("user")));
            }
            return null;
        }); var peer = JdkWebSocketPeer.connect(listener.uri("/ws"));
             var other = JdkWebSocketPeer.connect(listener.uri("/ws"))) {
            peer.sendText("set");
            peer.sendText("get");
            service.expect("get", "ada");
            other.sendText("get");
            service.expect("get", "null");
            peer.sendText("remove");
            service.expect("removed", "ada");
            peer.sendText("get");
            service.expect("get", "null");
            peer.sendText("remove");
            service.expect("removed", (Object) null);
        }
    }

    @Test
    void getUpgradeRequestIsTheRequestThatOpenedTheConnection() throws Exception {
        try (var listener = listen(service, (caller, text) -> {
            UpgradeRequest request = caller.getUpgradeRequest();
            return request.path() + " " + request.queryParam("room") + " " + request.header("X-User");
        }); var raw = RawWebSocket.connect(listener.port(), "/ws?room=7", Map.of("X-User", "ada"))) {
            raw.sendText("?");
            assertThat(raw.readFrame().text()).isEqualTo("/ws 7 ada");
        }
    }
}
