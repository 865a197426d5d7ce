package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.KernelSocketQueues;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §2 Dispatch: one connection's messages are handled one at a time, in order; different connections run
 * concurrently; a full inbound queue stops reading from the socket instead of growing memory.
 */
class OrderingAndBackpressureTest {
    /** The most a server reads in one go once reading is paused: Netty's largest receive buffer. */
    private static final int ONE_READ = 64 * 1024;

    private final EventRecorder service = new EventRecorder();

    /** Records each message, and an "overlap" event should a second handler ever start before the first ended. */
    public static class OrderRecordingService implements Service {
        private final EventRecorder events;
        private final AtomicInteger running = new AtomicInteger();

        public OrderRecordingService(EventRecorder events) {
            this.events = events;
        }

        public void onTextMessage(String text) {
            if (running.incrementAndGet() != 1) {
                events.record("overlap", text);
            }
            Thread.yield();
            events.record("onTextMessage", text);
            running.decrementAndGet();
        }
    }

    /** Blocks on "block" until the test releases it; records and counts everything else, echoes "echo…". */
    public static class BlockingService implements Service {
        private final EventRecorder events;
        private final CountDownLatch release;

        public BlockingService(EventRecorder events, CountDownLatch release) {
            this.events = events;
            this.release = release;
        }

        public String onTextMessage(String text) throws InterruptedException {
            if (text.equals("block")) {
                events.record("blocked");
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                return "released";
            }
            events.record("onTextMessage", text);
            return text.startsWith("echo") ? text : null;
        }
    }

    /** Takes a little time over each message, as real work would, and counts them. */
    public static class SlowService implements Service {
        private final AtomicInteger handled;

        public SlowService(AtomicInteger handled) {
            this.handled = handled;
        }

        public void onTextMessage(String text) {
            LockSupport.parkNanos(200_000);
            handled.incrementAndGet();
        }
    }

    @Test
    void handlesTheMessagesOfOneConnectionOneAtATimeInTheOrderTheyArrived() throws Exception {
        int count = 1000;
        try (var listener = LoopbackListener.start("/ws", request -> new OrderRecordingService(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            var burst = new ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                burst.writeBytes(RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT,
                        ("m" + i).getBytes(StandardCharsets.UTF_8), true));
            }
            raw.sendRaw(burst.toByteArray());
            for (int i = 0; i < count; i++) {
                service.expect("onTextMessage", "m" + i);
            }
            service.assertNoMoreEvents();
        }
    }

    /**
     * The messages one thread writes through the synchronous {@link Client}, each returning once queued, reach the
     * service one at a time in the order they were written: the client's outbound path and the server's dispatch keep
     * it, however the writes and the event loops interleave.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "inboundQueueCapacity {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 64})
    void messagesWrittenOneAfterAnotherByTheClientReachTheServiceInTheOrderTheyWereWritten(int capacity)
            throws Exception {
        int rounds = 5;
        int count = 5_000;
        java.util.List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Service recording = new Service() {
            public void onTextMessage(String text) {
                calls.add(text);
                if ((text.hashCode() & 7) == 0) {
                    // Now and then a handler takes a while, as one waiting on a remote call would.
                    LockSupport.parkNanos(20_000);
                }
            }
        };
        var config = WsServiceConfig.builder().inboundQueueCapacity(capacity).build();
        try (var listener = LoopbackListener.start("/ws", request -> recording, config)) {
            for (int round = 0; round < rounds; round++) {
                calls.clear();
                try (var client = new Client("ws://127.0.0.1:" + listener.port() + "/ws")) {
                    for (int i = 0; i < count; i++) {
                        client.writeTextMessage("m-" + i);
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> calls.size() >= count);
                }
                java.util.List<String> expected = java.util.stream.IntStream.range(0, count)
                        .mapToObj(i -> "m-" + i).toList();
                assertThat(java.util.List.copyOf(calls)).as("round %d", round).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void handlesDifferentConnectionsConcurrently() throws Exception {
        var release = new CountDownLatch(1);
        try (var listener = LoopbackListener.start("/ws", request -> new BlockingService(service, release));
             var blocked = RawWebSocket.connect(listener.port(), "/ws");
             var other = RawWebSocket.connect(listener.port(), "/ws")) {
            blocked.sendText("block");
            service.expect("blocked");
            other.sendText("echo me");
            assertThat(other.readFrame().text()).as("answered while the first connection's handler is blocked")
                    .isEqualTo("echo me");
            release.countDown();
            assertThat(blocked.readFrame().text()).isEqualTo("released");
        }
    }

    @Test
    void stopsReadingFromTheSocketWhileTheInboundQueueIsFullAndDeliversEverythingInOrderOnceReleased()
            throws Exception {
        int capacity = 4;
        int count = 5000;
        var config = WsServiceConfig.builder().inboundQueueCapacity(capacity).build();
        var release = new CountDownLatch(1);
        try (var listener = LoopbackListener.start("/ws", request -> new BlockingService(service, release), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws", Map.of(),
                     socket -> socket.setSendBufferSize(8 * 1024))) {
            raw.sendText("block");
            service.expect("blocked");

            byte[][] frames = new byte[count][];
            for (int i = 0; i < count; i++) {
                String text = String.format(Locale.ROOT, "%05d", i) + "x".repeat(1019);
                frames[i] = RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT,
                        text.getBytes(StandardCharsets.UTF_8), true);
            }
            var written = new AtomicInteger();
            var bytesWritten = new AtomicLong();
            Thread writer = writeInBackground(raw, frames, written, bytesWritten);

            awaitNoProgress(written);
            assertThat(written.get()).as("the client's writes block: the server stopped reading").isLessThan(count);
            if (KernelSocketQueues.available()) {
                long read = KernelSocketQueues.bytesReadByServer(listener.port(), raw.socket().getLocalPort(),
                        bytesWritten.get());
                assertThat(read / frames[0].length).as("messages the server read while its queue was full")
                        .isLessThanOrEqualTo(capacity + ONE_READ / frames[0].length + 2);
            }

            release.countDown();
            assertThat(raw.readFrame().text()).isEqualTo("released");
            for (int i = 0; i < count; i++) {
                assertThat(service.expect("onTextMessage", String.class))
                        .startsWith(String.format(Locale.ROOT, "%05d", i));
            }
            writer.join(10_000);
            service.assertNoMoreEvents();
        }
    }

    @Test
    void keepsTheInboundQueueBoundedWhileASlowServiceFallsBehindAFastPeer() throws Exception {
        Assumptions.assumeTrue(KernelSocketQueues.available(), "needs Linux's /proc/net/tcp to see the queues");
        int capacity = 4;
        int count = 2000;
        var handled = new AtomicInteger();
        var config = WsServiceConfig.builder().inboundQueueCapacity(capacity).build();
        try (var listener = LoopbackListener.start("/ws", request -> new SlowService(handled), config);
             var raw = RawWebSocket.connect(listener.port(), "/ws", Map.of(),
                     socket -> socket.setSendBufferSize(8 * 1024))) {
            byte[] frame = RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT, new byte[1024], true);
            byte[][] frames = new byte[count][];
            java.util.Arrays.fill(frames, frame);
            var bytesWritten = new AtomicLong();
            Thread writer = writeInBackground(raw, frames, new AtomicInteger(), bytesWritten);
            long mostWaiting = 0;
            for (int sample = 0; sample < 1_000_000 && handled.get() < count; sample++) {
                int done = handled.get();
                long read = KernelSocketQueues.bytesReadByServer(listener.port(), raw.socket().getLocalPort(),
                        bytesWritten.get());
                mostWaiting = Math.max(mostWaiting, read / frame.length - done);
            }
            assertThat(handled.get()).isEqualTo(count);
            // Reading pauses at `capacity` waiting messages, but the buffer being decoded then (up to ONE_READ) is
            // still queued. The sample counts handled messages before reading /proc, so it may also count one more
            // read that happened meanwhile. Without backpressure the queue would grow towards all `count` messages.
            assertThat(mostWaiting).as("messages read but not yet handled, at most")
                    .isLessThanOrEqualTo(capacity + 2 * (ONE_READ / frame.length) + 2);
            writer.join(10_000);
        }
    }

    private static Thread writeInBackground(RawWebSocket raw, byte[][] frames, AtomicInteger written,
                                            AtomicLong bytesWritten) {
        Thread writer = new Thread(() -> {
            try {
                for (byte[] frame : frames) {
                    raw.sendRaw(frame);
                    bytesWritten.addAndGet(frame.length);
                    written.incrementAndGet();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "raw-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
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
