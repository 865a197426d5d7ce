package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §2 Outbound: when the peer reads slowly, writes wait (up to writeTimeout) instead of buffering without
 * bound, and nothing is lost.
 */
class WriteFlowControlTest {
    private static final int MESSAGE = 64 * 1024;
    /**
     * The most writes that can return while the peer reads nothing: what the kernel's send buffer takes (it grows up
     * to tcp_wmem's maximum on Linux), Netty's 64 KiB high-water mark, the peer's small receive buffer, and one more.
     */
    private static final int MOST_WRITES_WITHOUT_A_READER =
            (int) ((largestKernelSendBuffer() + 64 * 1024 + 64 * 1024) / MESSAGE) + 2;

    private final EventRecorder service = new EventRecorder();

    /** On "flood", writes {@code count} binary messages of 64 KiB, counting those that returned. */
    public static class Flooding implements Service {
        private final EventRecorder events;
        private final AtomicInteger completed;
        private final int count;

        public Flooding(EventRecorder events, AtomicInteger completed, int count) {
            this.events = events;
            this.completed = completed;
            this.count = count;
        }

        public void onTextMessage(Caller caller, String text) {
            try {
                for (int i = 0; i < count; i++) {
                    byte[] message = new byte[MESSAGE];
                    message[0] = (byte) i;
                    message[1] = (byte) (i >> 8);
                    caller.writeBinaryMessage(message);
                    completed.incrementAndGet();
                }
                events.record("done");
            } catch (WriteTimeoutException timedOut) {
                events.record("threw", timedOut);
            }
        }
    }

    @Test
    void writesWaitWhileThePeerDoesNotReadAndEverythingArrivesOnceItDoes() throws Exception {
        int count = 2 * MOST_WRITES_WITHOUT_A_READER;
        var completed = new AtomicInteger();
        try (var listener = LoopbackListener.start("/ws", request -> new Flooding(service, completed, count));
             var raw = RawWebSocket.connect(listener.port(), "/ws", Map.of(),
                     socket -> socket.setReceiveBufferSize(16 * 1024))) {
            raw.sendText("flood");
            awaitNoProgress(completed);
            assertThat(completed.get()).as("writes that returned while the peer did not read")
                    .isLessThanOrEqualTo(MOST_WRITES_WITHOUT_A_READER);
            service.assertNoMoreEvents();

            for (int i = 0; i < count; i++) {
                RawWebSocket.Frame frame = raw.readFrame();
                assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
                assertThat(frame.payload()).hasSize(MESSAGE);
                assertThat((frame.payload()[0] & 0xFF) | (frame.payload()[1] & 0xFF) << 8).isEqualTo(i);
            }
            service.expect("done");
        }
    }

    @Test
    void aWriteThatWaitsLongerThanWriteTimeoutThrowsWriteTimeoutExceptionAndCloses() throws Exception {
        var config = WsServiceConfig.builder().writeTimeout(Duration.ofMillis(300)).build();
        var completed = new AtomicInteger();
        try (var listener = LoopbackListener.start("/ws", request -> new Flooding(service, completed, 1000), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws", Map.of(),
                     socket -> socket.setReceiveBufferSize(16 * 1024))) {
            raw.sendText("flood");
            assertThat(service.expect("threw", WriteTimeoutException.class))
                    .hasMessageContainingAll(Duration.ofMillis(300).toString(), "WsServiceConfig.writeTimeout");
            assertThat(completed.get()).isLessThan(1000);
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(10))).as("the server gave up on the peer").isTrue();
        }
    }

    /** tcp_wmem's maximum on Linux; 4 MiB (its usual value) elsewhere. */
    private static long largestKernelSendBuffer() {
        try {
            String[] values = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_wmem"))
                    .trim().split("\\s+");
            return Long.parseLong(values[2]);
        } catch (java.io.IOException | RuntimeException notLinux) {
            return 4L << 20;
        }
    }

    /** Waits until {@code progress} has not moved for 300 ms. */
    private static void awaitNoProgress(AtomicInteger progress) {
        var last = new AtomicInteger(-1);
        var unchangedPolls = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            int now = progress.get();
            if (now == last.getAndSet(now)) {
                return unchangedPolls.incrementAndGet() >= 6;
            }
            unchangedPolls.set(0);
            return false;
        });
    }
}
