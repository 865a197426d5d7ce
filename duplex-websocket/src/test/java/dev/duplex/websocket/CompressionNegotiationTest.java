package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.DeflatePeer;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each permessage-deflate parameter (RFC 7692 §7.1) offered to our listener by a raw peer that compresses and
 * inflates on its own ({@link DeflatePeer}), so the tests see exactly which frames the server compressed and with
 * which context. Many messages go in a row, so context takeover is exercised.
 */
class CompressionNegotiationTest {
    private static final int MESSAGES = 25;

    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    private Listener listener;
    private int port;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new Echo(), WsServiceConfig.builder().compressionThreshold(0).build());
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private RawWebSocket offer(String extensions) throws IOException {
        return RawWebSocket.connect(port, "/echo", Map.of("Sec-WebSocket-Extensions", extensions));
    }

    private static String message(int index, int size) {
        StringBuilder text = new StringBuilder(size + 40);
        while (text.length() < size) {
            text.append("message ").append(index).append(" says the same thing again; ");
        }
        return text.substring(0, size);
    }

    /** Text that compresses only a little on its own (random letters), but to nothing when repeated. */
    private static String lettersOnly(java.util.Random random, int size) {
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static void sendCompressed(RawWebSocket raw, DeflatePeer peer, String text) throws IOException {
        raw.sendFrame(true, 4, RawWebSocket.OP_TEXT, peer.compress(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keepsItsCompressionContextAcrossMessagesByDefault() throws Exception {
        try (var raw = offer("permessage-deflate"); var peer = new DeflatePeer(false, false)) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
            String text = lettersOnly(new java.util.Random(42), 3000);
            int firstSize = 0;
            for (int i = 0; i < MESSAGES; i++) {
                sendCompressed(raw, peer, text);
                var reply = raw.readFrame();
                assertThat(reply.rsv()).as("RSV1 on reply %d", i).isEqualTo(4);
                assertThat(new String(peer.inflate(reply.payload()), StandardCharsets.UTF_8)).isEqualTo(text);
                if (i == 0) {
                    firstSize = reply.payload().length;
                } else {
                    // The same message again refers back into the previous one: a few bytes instead of a block.
                    assertThat(reply.payload().length).isLessThan(firstSize / 4);
                }
            }
        }
    }

    @Test
    void agreesToServerNoContextTakeoverAndCompressesEachMessageOnItsOwn() throws Exception {
        try (var raw = offer("permessage-deflate; server_no_context_takeover");
             var peer = new DeflatePeer(false, false)) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; server_no_context_takeover");
            for (int i = 0; i < MESSAGES; i++) {
                String text = message(i % 3, 1000 + i * 50);
                sendCompressed(raw, peer, text);
                var reply = raw.readFrame();
                assertThat(reply.rsv()).isEqualTo(4);
                assertThat(new String(DeflatePeer.inflateAlone(reply.payload()), StandardCharsets.UTF_8))
                        .as("reply %d inflated without any earlier context", i).isEqualTo(text);
            }
        }
    }

    @Test
    void agreesToClientNoContextTakeoverAndInflatesMessagesCompressedEachOnTheirOwn() throws Exception {
        try (var raw = offer("permessage-deflate; client_no_context_takeover");
             var peer = new DeflatePeer(true, false)) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; client_no_context_takeover");
            for (int i = 0; i < MESSAGES; i++) {
                String text = message(i % 2, 2000);
                sendCompressed(raw, peer, text);
                assertThat(new String(peer.inflate(raw.readFrame().payload()), StandardCharsets.UTF_8))
                        .isEqualTo(text);
            }
        }
    }

    @Test
    void agreesToServerMaxWindowBitsAndCompressesOnlyMessagesThatFitTheWindowEachOnItsOwn() throws Exception {
        try (var raw = offer("permessage-deflate; server_max_window_bits=10");
             var peer = new DeflatePeer(false, false)) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; server_max_window_bits=10");
            for (int i = 0; i < MESSAGES; i++) {
                int size = i % 2 == 0 ? 1024 : 1025 + i * 100;
                String text = message(i, size);
                sendCompressed(raw, peer, text);
                var reply = raw.readFrame();
                if (size <= 1024) {
                    assertThat(reply.rsv()).as("a %d-byte reply fits the 1024-byte window", size).isEqualTo(4);
                    assertThat(new String(DeflatePeer.inflateAlone(reply.payload()), StandardCharsets.UTF_8))
                            .isEqualTo(text);
                } else {
                    assertThat(reply.rsv()).as("a %d-byte reply does not fit the window", size).isZero();
                    assertThat(reply.text()).isEqualTo(text);
                }
            }
        }
    }

    @Test
    void agreesToClientMaxWindowBitsWithAValueAndStatesItInTheAnswer() throws Exception {
        try (var raw = offer("permessage-deflate; client_max_window_bits=9");
             var peer = new DeflatePeer(true, false)) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; client_max_window_bits=9");
            for (int i = 0; i < MESSAGES; i++) {
                // With a 512-byte window, this peer compresses only messages that fit it, each on its own.
                String text = message(i, 300 + i * 8);
                sendCompressed(raw, peer, text);
                assertThat(new String(peer.inflate(raw.readFrame().payload()), StandardCharsets.UTF_8))
                        .isEqualTo(text);
            }
        }
    }

    @Test
    void agreesToClientMaxWindowBitsWithoutAValueAndLeavesItOutOfTheAnswer() throws Exception {
        try (var raw = offer("permessage-deflate; client_max_window_bits")) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
        }
    }

    @Test
    void agreesToEveryParameterAtOnce() throws Exception {
        try (var raw = offer("permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
                + " server_max_window_bits=12; client_max_window_bits=11");
             var peer = new DeflatePeer(true, false)) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
                            + " server_max_window_bits=12; client_max_window_bits=11");
            for (int i = 0; i < MESSAGES; i++) {
                String text = message(i, 2000);
                sendCompressed(raw, peer, text);
                var reply = raw.readFrame();
                assertThat(reply.rsv()).isEqualTo(4);
                assertThat(new String(DeflatePeer.inflateAlone(reply.payload()), StandardCharsets.UTF_8))
                        .isEqualTo(text);
            }
        }
    }

    @Test
    void skipsAnOfferWithAnInvalidParameterAndAcceptsTheNextOne() throws Exception {
        try (var raw = offer("permessage-deflate; server_max_window_bits=7, permessage-deflate; x_unknown,"
                + " permessage-deflate; client_no_context_takeover")) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; client_no_context_takeover");
        }
    }

    @Test
    void agreesToNoExtensionWhenNoOfferIsValid() throws Exception {
        try (var raw = offer("permessage-deflate; server_max_window_bits=16, x-webkit-deflate-frame")) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions")).isNull();
            raw.sendFrame(true, 4, RawWebSocket.OP_TEXT, new byte[] {1, 2, 3});
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void inflatesAMessageCompressedAcrossSeveralFrames() throws Exception {
        try (var raw = offer("permessage-deflate"); var peer = new DeflatePeer(false, false)) {
            String text = message(7, 50_000);
            byte[] compressed = peer.compress(text.getBytes(StandardCharsets.UTF_8));
            int third = compressed.length / 3;
            raw.sendFrame(false, 4, RawWebSocket.OP_TEXT, java.util.Arrays.copyOfRange(compressed, 0, third));
            raw.sendFrame(false, 0, RawWebSocket.OP_CONTINUATION,
                    java.util.Arrays.copyOfRange(compressed, third, 2 * third));
            raw.sendFrame(true, 0, RawWebSocket.OP_CONTINUATION,
                    java.util.Arrays.copyOfRange(compressed, 2 * third, compressed.length));
            assertThat(new String(peer.inflate(raw.readFrame().payload()), StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void closesWith1007WhenACompressedTextMessageInflatesToInvalidUtf8() throws Exception {
        try (var raw = offer("permessage-deflate"); var peer = new DeflatePeer(false, false)) {
            raw.sendFrame(true, 4, RawWebSocket.OP_TEXT, peer.compress(new byte[] {'o', 'k', (byte) 0xC0, 'x'}));
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void closesWith1007WhenACompressedPayloadIsNotDeflateData() throws Exception {
        try (var raw = offer("permessage-deflate")) {
            raw.sendFrame(true, 4, RawWebSocket.OP_BINARY, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x12, 0x34});
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void theTestPeerRejectsAReplyThatNeedsContextWhenInflatingAlone() {
        try (var peer = new DeflatePeer(false, false)) {
            byte[] text = message(1, 3000).getBytes(StandardCharsets.UTF_8);
            peer.compress(text);
            byte[] second = peer.compress(text);
            // Guards the no-context-takeover tests: inflating alone really fails without the earlier message.
            assertThatThrownBy(() -> {
                byte[] alone = DeflatePeer.inflateAlone(second);
                if (!java.util.Arrays.equals(alone, text)) {
                    throw new IllegalStateException("inflated to something else");
                }
            }).isInstanceOf(IllegalStateException.class);
        }
    }
}
