package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spec §3.1.1 maxFrameSize (and our maxMessageSize): inbound frames and messages over the limits close the
 * connection with 1009; outbound messages over maxFrameSize are fragmented, text only between characters.
 */
class FrameLimitsTest {
    private final EventRecorder service = new EventRecorder();

    /** Records messages, errors and the close; replies with what it is asked to send. */
    public static class LimitedService implements Service {
        private final EventRecorder events;

        public LimitedService(EventRecorder events) {
            this.events = events;
        }

        public void onTextMessage(Caller caller, String text) {
            events.record("onTextMessage", text);
        }

        public void onBinaryMessage(Caller caller, byte[] data) {
            events.record("onBinaryMessage", data.length);
        }

        public void onError(Throwable error) {
            events.record("onError", error);
        }

        public void onClose(int statusCode, String reason) {
            events.record("onClose", statusCode);
        }
    }

    /** Sends back the text or binary message it is asked for. */
    public static class Replying implements Service {
        private final String text;
        private final byte[] binary;

        public Replying(String text, byte[] binary) {
            this.text = text;
            this.binary = binary;
        }

        public Object onTextMessage(String request) {
            return request.equals("text") ? text : binary;
        }
    }

    @Test
    void closesWith1009AndReportsPayloadTooLargeWhenAnInboundFrameExceedsMaxFrameSize() throws Exception {
        var config = WsServiceConfig.builder().maxFrameSize(1000).build();
        try (var listener = LoopbackListener.start("/ws", request -> new LimitedService(service), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendBinary(new byte[1000]);
            service.expect("onBinaryMessage", 1000);
            raw.sendBinary(new byte[1001]);
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(raw.awaitTcpClose(java.time.Duration.ofSeconds(5))).isTrue();
            assertThat(service.expect("onError", PayloadTooLargeException.class))
                    .hasMessageContainingAll("1001", "maxFrameSize=1000", "WsServiceConfig.maxFrameSize");
            service.expect("onClose", 1009);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void closesWith1009WhenAFragmentedMessageExceedsMaxMessageSize() throws Exception {
        var config = WsServiceConfig.builder().maxFrameSize(1000).maxMessageSize(2500).build();
        try (var listener = LoopbackListener.start("/ws", request -> new LimitedService(service), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendFrame(false, RawWebSocket.OP_BINARY, new byte[1000]);
            raw.sendFrame(false, RawWebSocket.OP_CONTINUATION, new byte[1000]);
            raw.sendFrame(true, RawWebSocket.OP_CONTINUATION, new byte[500]);
            service.expect("onBinaryMessage", 2500);
            raw.sendFrame(false, RawWebSocket.OP_BINARY, new byte[1000]);
            raw.sendFrame(false, RawWebSocket.OP_CONTINUATION, new byte[1000]);
            raw.sendFrame(true, RawWebSocket.OP_CONTINUATION, new byte[501]);
            assertThat(raw.readFrame().closeCode()).isEqualTo(1009);
            assertThat(service.expect("onError", PayloadTooLargeException.class))
                    .hasMessageContainingAll("maxMessageSize=2500", "WsServiceConfig.maxMessageSize");
            service.expect("onClose", 1009);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void fragmentsOutboundTextLongerThanMaxFrameSizeOnlyBetweenCharacters() throws Exception {
        // 1-, 2-, 3- and 4-byte characters, so that a frame of 10 bytes keeps ending mid-character.
        String text = "a€😀日本語ñ🎉x".repeat(20);
        var config = WsServiceConfig.builder().maxFrameSize(10).build();
        try (var listener = LoopbackListener.start("/ws", request -> new Replying(text, null), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("text");
            List<RawWebSocket.Frame> frames = readMessage(raw);
            assertThat(frames).hasSizeGreaterThan(1);
            assertThat(frames.get(0).opcode()).isEqualTo(RawWebSocket.OP_TEXT);
            var whole = new ByteArrayOutputStream();
            for (int i = 0; i < frames.size(); i++) {
                RawWebSocket.Frame frame = frames.get(i);
                if (i > 0) {
                    assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_CONTINUATION);
                }
                assertThat(frame.payload().length).as("frame %d", i).isBetween(1, 10);
                assertThat(decodesStrictly(frame.payload())).as("frame %d holds whole characters", i).isTrue();
                whole.writeBytes(frame.payload());
            }
            assertThat(whole.toString(StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void fragmentsOutboundBinaryLongerThanMaxFrameSize() throws Exception {
        byte[] data = RawWebSocket.randomBytes(2500);
        var config = WsServiceConfig.builder().maxFrameSize(1000).build();
        try (var listener = LoopbackListener.start("/ws", request -> new Replying(null, data), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("binary");
            List<RawWebSocket.Frame> frames = readMessage(raw);
            assertThat(frames).extracting(RawWebSocket.Frame::opcode).containsExactly(
                    RawWebSocket.OP_BINARY, RawWebSocket.OP_CONTINUATION, RawWebSocket.OP_CONTINUATION);
            assertThat(frames).extracting(frame -> frame.payload().length).containsExactly(1000, 1000, 500);
            var whole = new ByteArrayOutputStream();
            frames.forEach(frame -> whole.writeBytes(frame.payload()));
            assertThat(whole.toByteArray()).isEqualTo(data);
        }
    }

    @Test
    void sendsOutboundTextOfExactlyMaxFrameSizeInOneFrame() throws Exception {
        String text = "é".repeat(50);
        var config = WsServiceConfig.builder().maxFrameSize(100).build();
        try (var listener = LoopbackListener.start("/ws", request -> new Replying(text, null), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("text");
            RawWebSocket.Frame frame = raw.readFrame();
            assertThat(frame.fin()).isTrue();
            assertThat(frame.text()).isEqualTo(text);
        }
    }

    /** Reads the frames of one message, up to the one with FIN set. */
    private static List<RawWebSocket.Frame> readMessage(RawWebSocket raw) throws Exception {
        List<RawWebSocket.Frame> frames = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            RawWebSocket.Frame frame = raw.readFrame();
            frames.add(frame);
            if (frame.fin()) {
                return frames;
            }
        }
        throw new AssertionError("no final frame within 10000 frames");
    }

    private static boolean decodesStrictly(byte[] utf8) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
            return true;
        } catch (CharacterCodingException splitCharacter) {
            return false;
        }
    }
}
