package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;

/** Spec §3.2.3 (return types): what a remote method returns is sent back to the peer. */
class ReturnValuesTest {
    /** Returns a value chosen by the text it receives. */
    public static class Returning implements Service {
        public Object onTextMessage(String text) {
            return switch (text) {
                case "string" -> "a string";
                case "bytes" -> new byte[] {1, 2, 3};
                case "buffer" -> ByteBuffer.wrap(new byte[] {9, 4, 5, 6}, 1, 3);
                case "direct buffer" -> ByteBuffer.allocateDirect(2).put((byte) 7).put((byte) 8).flip();
                case "null" -> null;
                case "stream" -> Stream.of("s1", "s2", "s3");
                case "list" -> List.of("l1", new byte[] {2}, "l3");
                case "json object" -> JsonNodeFactory.instance.objectNode().put("a", 1).put("b", "two");
                case "json array" -> JsonNodeFactory.instance.arrayNode().add(1).add("two");
                case "stream with a close frame" -> Stream.of("before", new CloseFrame(4002, "enough"), "after");
                case "failing stream" -> Stream.iterate(0, i -> i + 1).map(i -> {
                    if (i > 0) {
                        throw new IllegalStateException("generator broke");
                    }
                    return "first";
                });
                default -> "echo:" + text;
            };
        }
    }

    /** Returns the close frame named by the text it receives. */
    public static class ReturningCloseFrames implements Service {
        public CloseFrame onTextMessage(String status) {
            return switch (status) {
                case "1000" -> CloseFrame.NORMAL_CLOSURE;
                case "1001" -> CloseFrame.GOING_AWAY;
                case "1002" -> CloseFrame.PROTOCOL_ERROR;
                case "1003" -> CloseFrame.UNSUPPORTED_DATA;
                case "1007" -> CloseFrame.INVALID_PAYLOAD;
                case "1008" -> CloseFrame.POLICY_VIOLATION;
                case "1009" -> CloseFrame.MESSAGE_TOO_BIG;
                case "1011" -> CloseFrame.INTERNAL_SERVER_ERROR;
                default -> new CloseFrame(Integer.parseInt(status), "custom " + status);
            };
        }
    }

    /** Streams elements that the test lets through one at a time, while answering other messages. */
    public static class GatedStreaming implements Service {
        private final Semaphore gate;
        private final int elements;

        public GatedStreaming(Semaphore gate, int elements) {
            this.gate = gate;
            this.elements = elements;
        }

        public Object onTextMessage(String text) {
            if (!text.equals("stream")) {
                return "reply:" + text;
            }
            return IntStream.range(0, elements).mapToObj(i -> {
                if (i > 0) {
                    try {
                        gate.tryAcquire(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return "element " + i;
            });
        }
    }

    /** Returns a publisher the test feeds. */
    public static class Publishing implements Service {
        private final CompletableFuture<SubmissionPublisher<Object>> publisher;

        public Publishing(CompletableFuture<SubmissionPublisher<Object>> publisher) {
            this.publisher = publisher;
        }

        public Object onTextMessage(String text) {
            if (!text.equals("publish")) {
                return "reply:" + text;
            }
            var published = new SubmissionPublisher<Object>();
            publisher.complete(published);
            return published;
        }
    }

    private LoopbackListener returning() {
        return LoopbackListener.start("/ws", request -> new Returning());
    }

    @Test
    void sendsAReturnedStringAsAText() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("string");
            RawWebSocket.Frame frame = raw.readFrame();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_TEXT);
            assertThat(frame.text()).isEqualTo("a string");
        }
    }

    @Test
    void sendsAReturnedByteArrayAsABinary() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("bytes");
            RawWebSocket.Frame frame = raw.readFrame();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
            assertThat(frame.payload()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void sendsTheRemainingBytesOfAReturnedByteBufferAsABinary() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("buffer");
            RawWebSocket.Frame frame = raw.readFrame();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
            assertThat(frame.payload()).containsExactly(4, 5, 6);
            raw.sendText("direct buffer");
            assertThat(raw.readFrame().payload()).containsExactly(7, 8);
        }
    }

    @Test
    void sendsNothingForAReturnedNull() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("null");
            raw.sendText("next");
            assertThat(raw.readFrame().text()).isEqualTo("echo:next");
        }
    }

    static List<CloseFrame> predefinedCloseFrames() {
        return List.of(CloseFrame.NORMAL_CLOSURE, CloseFrame.GOING_AWAY, CloseFrame.PROTOCOL_ERROR,
                CloseFrame.UNSUPPORTED_DATA, CloseFrame.INVALID_PAYLOAD, CloseFrame.POLICY_VIOLATION,
                CloseFrame.MESSAGE_TOO_BIG, CloseFrame.INTERNAL_SERVER_ERROR);
    }

    @Test
    void predefinedCloseFramesCarryTheSpecsCodesAndReasons() {
        assertThat(predefinedCloseFrames()).containsExactly(
                new CloseFrame(1000, ""),
                new CloseFrame(1001, ""),
                new CloseFrame(1002, "Connection closed due to protocol error"),
                new CloseFrame(1003, "Endpoint received unsupported frame"),
                new CloseFrame(1007, "Payload does not match the expected format or encoding"),
                new CloseFrame(1008, "Received message violates its policy"),
                new CloseFrame(1009, "The received message exceeds the allowed size limit"),
                new CloseFrame(1011, "Internal server error occurred"));
    }

    @ParameterizedTest
    @MethodSource("predefinedCloseFrames")
    void closesWithAReturnedPredefinedCloseFrame(CloseFrame returned) throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ReturningCloseFrames());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText(String.valueOf(returned.status()));
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(returned.status());
            assertThat(close.closeReason()).isEqualTo(returned.reason());
            raw.sendClose(returned.status(), "");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3000, 4444, 4999})
    void closesWithAReturnedCustomCloseFrame(int status) throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ReturningCloseFrames());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText(String.valueOf(status));
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(status);
            assertThat(close.closeReason()).isEqualTo("custom " + status);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1012, 1015, 2999, 5000})
    void refusesToMakeACloseFrameWithACodeThatMayNotBeSent(int status) {
        assertThatThrownBy(() -> new CloseFrame(status, "no"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid status code: " + status);
    }

    @Test
    void refusesToMakeACloseFrameWithAReasonLongerThan123Bytes() {
        assertThatThrownBy(() -> new CloseFrame(1000, "x".repeat(124)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("123");
    }

    @Test
    void returnedCloseFrameWaitsTheConnectionClosureTimeoutForThePeerThenDropsTheConnection() throws Exception {
        var config = WsServiceConfig.builder().connectionClosureTimeout(Duration.ofSeconds(1)).build();
        try (var listener = LoopbackListener.start("/ws", request -> new ReturningCloseFrames(), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("4000");
            assertThat(raw.readFrame().closeCode()).isEqualTo(4000);
            // The raw peer never answers.
            assertThat(raw.awaitTcpClose(Duration.ofMillis(150))).as("still waiting for the peer").isFalse();
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).as("dropped after the timeout").isTrue();
        }
    }

    @Test
    void sendsOneMessagePerElementOfAReturnedStream() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("stream");
            assertThat(raw.readFrame().text()).isEqualTo("s1");
            assertThat(raw.readFrame().text()).isEqualTo("s2");
            assertThat(raw.readFrame().text()).isEqualTo("s3");
        }
    }

    @Test
    void sendsOneMessagePerElementOfAReturnedIterable() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("list");
            assertThat(raw.readFrame().text()).isEqualTo("l1");
            RawWebSocket.Frame binary = raw.readFrame();
            assertThat(binary.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
            assertThat(binary.payload()).containsExactly(2);
            assertThat(raw.readFrame().text()).isEqualTo("l3");
        }
    }

    @Test
    void sendsAReturnedJsonObjectAsOneMessageNotOnePerField() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("json object");
            assertThat(raw.readFrame().text()).isEqualTo("{\"a\":1,\"b\":\"two\"}");
            raw.sendText("next");
            assertThat(raw.readFrame().text()).as("nothing else was sent").isEqualTo("echo:next");
        }
    }

    @Test
    void sendsAReturnedJsonArrayAsOneMessageNotOnePerElement() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("json array");
            assertThat(raw.readFrame().text()).isEqualTo("[1,\"two\"]");
            raw.sendText("next");
            assertThat(raw.readFrame().text()).as("nothing else was sent").isEqualTo("echo:next");
        }
    }

    @Test
    void closesAndStopsWhenAReturnedStreamYieldsACloseFrame() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("stream with a close frame");
            assertThat(raw.readFrame().text()).isEqualTo("before");
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(4002);
            raw.sendClose(4002, "");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).as("nothing after the close frame").isTrue();
        }
    }

    @Test
    void closesWith1011WhenAReturnedStreamThrows() throws Exception {
        try (var listener = returning(); var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("failing stream");
            assertThat(raw.readFrame().text()).isEqualTo("first");
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1011);
            assertThat(close.closeReason()).contains("streaming failed", "generator broke");
        }
    }

    @Test
    void keepsHandlingOtherMessagesWhileAReturnedStreamIsSending() throws Exception {
        var gate = new Semaphore(0);
        int elements = 5;
        try (var listener = LoopbackListener.start("/ws", request -> new GatedStreaming(gate, elements));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("stream");
            assertThat(raw.readFrame().text()).isEqualTo("element 0");
            // The stream now waits for the gate before its next element.
            raw.sendText("meanwhile");
            assertThat(raw.readFrame().text()).as("answered before the stream ended").isEqualTo("reply:meanwhile");
            gate.release(elements);
            for (int i = 1; i < elements; i++) {
                assertThat(raw.readFrame().text()).isEqualTo("element " + i);
            }
        }
    }

    @Test
    void sendsOneMessagePerElementOfAReturnedPublisherWhileHandlingOtherMessages() throws Exception {
        var publisher = new CompletableFuture<SubmissionPublisher<Object>>();
        try (var listener = LoopbackListener.start("/ws", request -> new Publishing(publisher));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("publish");
            SubmissionPublisher<Object> published = publisher.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> published.getNumberOfSubscribers() == 1);
            published.submit("p1");
            assertThat(raw.readFrame().text()).isEqualTo("p1");
            raw.sendText("meanwhile");
            assertThat(raw.readFrame().text()).isEqualTo("reply:meanwhile");
            published.submit(new byte[] {5});
            published.submit("p3");
            published.close();
            assertThat(raw.readFrame().payload()).containsExactly(5);
            assertThat(raw.readFrame().text()).isEqualTo("p3");
        }
    }

    @Test
    void closesWith1011WhenAReturnedPublisherFails() throws Exception {
        var publisher = new CompletableFuture<SubmissionPublisher<Object>>();
        try (var listener = LoopbackListener.start("/ws", request -> new Publishing(publisher));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("publish");
            SubmissionPublisher<Object> published = publisher.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> published.getNumberOfSubscribers() == 1);
            published.closeExceptionally(new IllegalStateException("source went away"));
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(1011);
            assertThat(close.closeReason()).contains("source went away");
        }
    }
}
