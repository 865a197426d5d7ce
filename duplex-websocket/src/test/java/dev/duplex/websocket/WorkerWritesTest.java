package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Writes from service methods running on workers ({@link DispatchMode#WORKER}) are batched on their way to the event
 * loop, never held back: a reply leaves as soon as it is written, whatever the method does next, and replies keep
 * the order they were written in, the close frame last.
 */
class WorkerWritesTest {

    /** Writes a reply, then blocks until the test lets it go. */
    public static class WritingThenBlocking implements Service {
        private final CountDownLatch release;
        private final CountDownLatch returned;

        public WritingThenBlocking(CountDownLatch release, CountDownLatch returned) {
            this.release = release;
            this.returned = returned;
        }

        public void onTextMessage(Caller caller, String text) throws InterruptedException {
            caller.writeTextMessage("reply to " + text);
            release.await(10, TimeUnit.SECONDS);
            returned.countDown();
        }
    }

    /** Writes {@code count} numbered messages, then closes. */
    public static class WritingThenClosing implements Service {
        private final int count;

        public WritingThenClosing(int count) {
            this.count = count;
        }

        public void onTextMessage(Caller caller, String text) {
            for (int i = 0; i < count; i++) {
                caller.writeTextMessage("m" + i);
            }
            caller.close(1000, "done", Duration.ZERO);
        }
    }

    /** Echoes every text message. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    @Test
    void aReplyArrivesWhileTheMethodThatWroteItIsStillBlocked() throws Exception {
        var release = new CountDownLatch(1);
        var returned = new CountDownLatch(1);
        try (var listener = LoopbackListener.start("/ws", request -> new WritingThenBlocking(release, returned));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("hello");

            assertThat(raw.readFrame().text()).isEqualTo("reply to hello");
            assertThat(returned.getCount()).as("the method is still blocked").isEqualTo(1);
            release.countDown();
            assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void messagesWrittenBeforeACloseArriveInOrderAndTheCloseFrameLast() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new WritingThenClosing(500));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("go");

            for (int i = 0; i < 500; i++) {
                assertThat(raw.readFrame().text()).isEqualTo("m" + i);
            }
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void repliesToABurstOfMessagesArriveInTheOrderTheMessagesWereSent() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new Echo());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            var burst = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 200; i++) {
                burst.write(RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT,
                        ("n" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), true));
            }
            raw.sendRaw(burst.toByteArray());

            for (int i = 0; i < 200; i++) {
                assertThat(raw.readFrame().text()).isEqualTo("n" + i);
            }
        }
    }
}
