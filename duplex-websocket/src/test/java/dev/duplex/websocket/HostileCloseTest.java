package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The closing handshake against peers that misbehave (issue 13, findings 3 and 5): a close completes within the
 * closure timeout whether or not the peer reads, and after this end's close frame nothing queues for the service.
 */
class HostileCloseTest {
    private static final Duration CLOSURE_TIMEOUT = Duration.ofSeconds(1);
    /** Far more than the kernel's socket buffers on loopback: most of it stays in the server's outbound buffer. */
    private static final int FLOOD_MESSAGES = 512;
    private static final byte[] CHUNK = new byte[64 * 1024];

    /** On the event loop, queues {@link #FLOOD_MESSAGES} × 64 KiB at once when asked; records how it ended. */
    public static class Flooding implements Service {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CountDownLatch flooded = new CountDownLatch(1);

        public void onTextMessage(Caller caller, String text) {
            for (int i = 0; i < FLOOD_MESSAGES; i++) {
                caller.writeBinaryMessage(CHUNK);
            }
            flooded.countDown();
        }

        public void onClose(int statusCode) {
            closed.complete(statusCode);
        }
    }

    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    /**
     * A listener whose outbound buffer holds the whole flood without reaching its high-water mark, so it keeps reading
     * and sees the peer's close frame (or violation) while unsent data waits ahead of its answer.
     */
    private int start(Service service, int maxConnections) {
        return start(service, maxConnections, WsServiceConfig.builder().dispatchMode(DispatchMode.EVENT_LOOP)
                .connectionClosureTimeout(CLOSURE_TIMEOUT).writeBufferSize(2 * FLOOD_MESSAGES * CHUNK.length)
                .build());
    }

    private int start(Service service, int maxConnections, WsServiceConfig config) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").maxConnections(maxConnections)
                .build());
        listener.attach("/ws", request -> service, config);
        listener.start();
        return listener.getPort();
    }

    /** A peer that reads nothing once connected, with a small receive buffer. */
    private static RawWebSocket nonReadingPeer(int port) throws Exception {
        RawWebSocket peer = RawWebSocket.open(port, socket -> socket.setReceiveBufferSize(4096));
        peer.sendRaw(RawWebSocket.upgradeRequest(port, "/ws").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(peer.readHttpResponse().status()).isEqualTo(101);
        return peer;
    }

    @Test
    void aPeersCloseFrameEndsTheConnectionWithinTheClosureTimeoutWhenThePeerDoesNotRead() throws Exception {
        var service = new Flooding();
        int port = start(service, 1);
        try (var peer = nonReadingPeer(port)) {
            peer.sendText("flood");
            assertThat(service.flooded.await(10, TimeUnit.SECONDS)).isTrue();
            peer.sendClose(1000, "bye");

            // The echo waits behind data the peer never reads; the closure timeout ends the connection anyway.
            assertThat(service.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            try (var next = RawWebSocket.connect(port, "/ws")) {
                assertThat(next.handshakeResponse().status()).as("the maxConnections slot was freed").isEqualTo(101);
            }
        }
    }

    @Test
    void aProtocolViolationEndsTheConnectionWithinTheClosureTimeoutWhenThePeerDoesNotRead() throws Exception {
        var service = new Flooding();
        int port = start(service, 1);
        try (var peer = nonReadingPeer(port)) {
            peer.sendText("flood");
            assertThat(service.flooded.await(10, TimeUnit.SECONDS)).isTrue();
            // A frame with a reserved bit: 1002, whose close frame waits behind the unread data.
            peer.sendFrame(true, 4, RawWebSocket.OP_TEXT, "bad".getBytes(StandardCharsets.UTF_8));

            assertThat(service.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1002);
            try (var next = RawWebSocket.connect(port, "/ws")) {
                assertThat(next.handshakeResponse().status()).isEqualTo(101);
            }
        }
    }

    @Test
    void anOutboundBufferThatStaysFullWithNobodyWaitingOnItEndsTheConnectionAfterTheWriteTimeout() throws Exception {
        var service = new Flooding();
        // The default 64 KiB buffer: the flood fills it at once, so reading pauses and no writer waits (the event
        // loop never waits); only the write timeout can end this.
        int port = start(service, 1, WsServiceConfig.builder().dispatchMode(DispatchMode.EVENT_LOOP)
                .writeTimeout(Duration.ofSeconds(1)).build());
        try (var peer = nonReadingPeer(port)) {
            peer.sendText("flood");
            assertThat(service.flooded.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(service.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
            try (var next = RawWebSocket.connect(port, "/ws")) {
                assertThat(next.handshakeResponse().status()).isEqualTo(101);
            }
        }
    }

    /** Closes on the first message, then counts what it is still told. */
    public static class ClosingFirst implements Service {
        final AtomicInteger pongsAfterClose = new AtomicInteger();
        final AtomicInteger messagesAfterClose = new AtomicInteger();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile boolean closing;

        public void onTextMessage(Caller caller, String text) {
            if (closing) {
                messagesAfterClose.incrementAndGet();
                return;
            }
            closing = true;
            caller.close(1000, "done", Duration.ofSeconds(30));
        }

        public void onPong(byte[] payload) {
            if (closing) {
                pongsAfterClose.incrementAndGet();
            }
        }

        public void onClose(int statusCode) {
            closed.complete(statusCode);
        }
    }

    @Test
    void afterItsCloseFrameTheServerQueuesNothingForTheServiceButOnClose() throws Exception {
        var service = new ClosingFirst();
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/ws", request -> service, WsServiceConfig.builder().inboundQueueCapacity(4).build());
        listener.start();
        try (var peer = RawWebSocket.connect(listener.getPort(), "/ws")) {
            peer.sendText("close please");
            var close = peer.readFrame(Duration.ofSeconds(10));
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            // A flood of pongs and messages behind the server's close frame, before the peer answers it.
            var burst = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 20_000; i++) {
                burst.writeBytes(RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_PONG, new byte[0], true));
                if (i % 100 == 0) {
                    burst.writeBytes(RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT,
                            "late".getBytes(StandardCharsets.UTF_8), true));
                }
            }
            peer.sendRaw(burst.toByteArray());
            peer.sendClose(1000, "");

            assertThat(service.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(service.pongsAfterClose).as("pongs delivered after the close frame").hasValue(0);
            assertThat(service.messagesAfterClose).as("messages delivered after the close frame").hasValue(0);
        }
    }
}
