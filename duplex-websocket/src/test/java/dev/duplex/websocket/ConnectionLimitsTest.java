package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Production limits: {@link ListenerConfiguration#maxConnections()} (503 beyond it) and the bounded outbound buffer
 * ({@link WsServiceConfig#writeBufferSize()}, {@link WsServiceConfig#writeTimeout()}): a peer that stops reading
 * makes writers wait, then fail with {@link WriteTimeoutException} while the connection closes with 1008 — the
 * buffer never grows without bound and no write is lost without its writer knowing.
 */
class ConnectionLimitsTest {
    private static final int MESSAGE_SIZE = 16 * 1024;

    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    /** On "go", writes numbered binary messages as fast as it can until a write fails; reports how it ended. */
    public static class FastWriter implements Service {
        final AtomicInteger written = new AtomicInteger();
        final CompletableFuture<RuntimeException> failure = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        public void onTextMessage(Caller caller, String text) {
            for (int i = 0; i < 1_000_000; i++) {
                ByteBuffer message = ByteBuffer.allocate(MESSAGE_SIZE);
                message.putInt(0, i);
                try {
                    caller.writeBinaryMessage(message.array());
                } catch (RuntimeException e) {
                    failure.complete(e);
                    return;
                }
                written.incrementAndGet();
            }
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

    private int start(ListenerConfiguration config, Service service, WsServiceConfig serviceConfig) {
        listener = new Listener(0, config.toBuilder().host("127.0.0.1").build());
        listener.attach("/ws", request -> service, serviceConfig);
        listener.start();
        return listener.getPort();
    }

    @Test
    void refusesWith503AnUpgradeBeyondMaxConnections() throws Exception {
        int port = start(ListenerConfiguration.builder().maxConnections(2).build(), new Echo(),
                WsServiceConfig.DEFAULT);
        try (var first = RawWebSocket.connect(port, "/ws"); var second = RawWebSocket.connect(port, "/ws")) {
            var refused = RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, "/ws"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.body()).contains("maxConnections");
            first.sendText("still served");
            assertThat(first.readFrame().text()).isEqualTo("still served");
        }
    }

    @Test
    void admitsAnUpgradeAgainOnceAConnectionHasClosed() throws Exception {
        int port = start(ListenerConfiguration.builder().maxConnections(1).build(), new Echo(),
                WsServiceConfig.DEFAULT);
        try (var only = RawWebSocket.connect(port, "/ws")) {
            assertThat(RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, "/ws")).status()).isEqualTo(503);
            only.sendClose(1000, "");
            assertThat(only.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.getOpenConnections() == 0);
        try (var again = RawWebSocket.connect(port, "/ws")) {
            again.sendText("room again");
            assertThat(again.readFrame().text()).isEqualTo("room again");
        }
    }

    @Test
    void hasNoConnectionLimitByDefault() {
        assertThat(ListenerConfiguration.DEFAULT.maxConnections()).isZero();
        assertThatThrownBy(() -> ListenerConfiguration.builder().maxConnections(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
    }

    @Test
    void aPeerThatStopsReadingMakesTheWriterFailWithWriteTimeoutAndTheConnectionCloseWith1008() throws Exception {
        var writer = new FastWriter();
        int port = start(ListenerConfiguration.DEFAULT, writer,
                WsServiceConfig.builder().writeTimeout(Duration.ofMillis(500)).build());
        try (var raw = RawWebSocket.connect(port, "/ws")) {
            raw.socket().setReceiveBufferSize(64 * 1024);
            raw.sendText("go");
            RuntimeException failure = writer.failure.get(20, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(WriteTimeoutException.class)
                    .hasMessageContaining("writeTimeout").hasMessageContaining("1008");
            assertThat(writer.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
            // Bounded: what was queued is the kernel's socket buffers plus the outbound buffer, not a growing queue.
            long queuedBytes = (long) writer.written.get() * MESSAGE_SIZE;
            assertThat(queuedBytes).as("bytes accepted from the writer before it failed").isLessThan(32L << 20);

            // Everything the peer gets is an unbroken prefix, in order: nothing in the middle is dropped.
            int received = readNumberedPrefix(raw);
            assertThat(received).isLessThanOrEqualTo(writer.written.get());
        }
    }

    @Test
    void aSmallerWriteBufferMakesTheWriterWaitSooner() throws Exception {
        var writer = new FastWriter();
        int port = start(ListenerConfiguration.DEFAULT, writer, WsServiceConfig.builder()
                .writeTimeout(Duration.ofMillis(300)).writeBufferSize(4096).build());
        try (var raw = RawWebSocket.connect(port, "/ws")) {
            raw.sendText("go");
            assertThat(writer.failure.get(20, TimeUnit.SECONDS)).isInstanceOf(WriteTimeoutException.class);
        }
        assertThatThrownBy(() -> WsServiceConfig.builder().writeBufferSize(10).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeBufferSize");
    }

    /** Reads binary messages numbered 0, 1, 2, ... until the connection ends; returns how many arrived. */
    private static int readNumberedPrefix(RawWebSocket raw) throws IOException {
        int expected = 0;
        for (int i = 0; i < 100_000; i++) {
            RawWebSocket.Frame frame;
            try {
                frame = raw.readFrame(Duration.ofSeconds(5));
            } catch (EOFException | SocketException ended) {
                return expected;
            }
            if (frame.opcode() == RawWebSocket.OP_CLOSE) {
                assertThat(frame.closeCode()).isEqualTo(1008);
                return expected;
            }
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
            assertThat(ByteBuffer.wrap(frame.payload()).getInt(0)).as("message number").isEqualTo(expected);
            expected++;
        }
        throw new AssertionError("the connection did not end");
    }
}
