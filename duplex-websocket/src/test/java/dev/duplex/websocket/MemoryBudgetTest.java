package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.HeldMemorySampler;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The memory a hostile peer can make a connection hold stays within the budget {@code docs/architecture.md} states
 * (issue 13, finding 1: eight connections, each sending a 1 MiB-limited message as a million one-byte fragments,
 * once held about 84 MiB each and made a 512 MiB server unresponsive).
 */
class MemoryBudgetTest {
    private static final int PEERS = 8;
    private static final int FRAGMENTS = 1_000_000;
    /** The default maxMessageSize; a message under assembly may cost up to twice it. */
    private static final long M = WsServiceConfig.DEFAULT_MAX_MESSAGE_SIZE;

    public static class Ignoring implements Service {
        public void onBinaryMessage(byte[] data) {
        }
    }

    @Test
    void connectionsHoldingAMessageOfAMillionOneByteFragmentsStayWithinTwiceMaxMessageSizeEach() throws Exception {
        var burst = new ByteArrayOutputStream(FRAGMENTS * 7 + 16);
        burst.writeBytes(RawWebSocket.encodeFrame(false, 0, RawWebSocket.OP_BINARY, new byte[] {0}, true));
        byte[] fragment = RawWebSocket.encodeFrame(false, 0, RawWebSocket.OP_CONTINUATION, new byte[] {1}, true);
        for (int i = 1; i < FRAGMENTS; i++) {
            burst.writeBytes(fragment);
        }
        byte[] flood = burst.toByteArray();
        try (var server = LoopbackListener.start("/ws", request -> new Ignoring())) {
            List<RawWebSocket> peers = new ArrayList<>();
            try {
                for (int i = 0; i < PEERS; i++) {
                    peers.add(RawWebSocket.connect(server.port(), "/ws"));
                }
                long before = HeldMemorySampler.held();
                List<CompletableFuture<Void>> sending = new ArrayList<>();
                for (RawWebSocket peer : peers) {
                    sending.add(CompletableFuture.runAsync(() -> {
                        try {
                            peer.sendRaw(flood);
                            // A ping behind the flood: its pong proves the server has read every fragment.
                            peer.sendPing(new byte[] {7});
                            assertThat(peer.readFrame().opcode()).isEqualTo(RawWebSocket.OP_PONG);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
                }
                CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

                long held = HeldMemorySampler.held() - before;
                assertThat(held).as("bytes held for %d partial messages of %d fragments", PEERS, FRAGMENTS)
                        .isLessThanOrEqualTo(PEERS * 2 * M + (32L << 20));
            } finally {
                for (RawWebSocket peer : peers) {
                    peer.close();
                }
            }
        }
    }
}
