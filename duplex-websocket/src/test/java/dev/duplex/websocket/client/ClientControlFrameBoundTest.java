package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.PingPongService;
import dev.duplex.websocket.testkit.KernelSocketQueues;
import dev.duplex.websocket.testkit.RawServer;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The client's ping and pong callbacks share the inbound bound with its messages (issue 13, finding 6): while the
 * application's {@code onPong} is behind, the client stops reading instead of queueing callbacks without end.
 */
class ClientControlFrameBoundTest {
    private static final int CAPACITY = 8;
    /** Empty server pongs (2 bytes each): 4 MiB of them would be two million queued callbacks. */
    private static final int PONGS = 2 * 1024 * 1024;

    /** Holds its first pong until released, counting the pongs it is given. */
    static final class SlowPongs implements PingPongService {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch first = new CountDownLatch(1);
        final AtomicInteger pongs = new AtomicInteger();

        @Override
        public void onPong(Client client, byte[] payload) {
            pongs.incrementAndGet();
            first.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void stopsReadingWhileItsPongCallbacksAreBehindInsteadOfQueueingThem() throws Exception {
        Assumptions.assumeTrue(KernelSocketQueues.available(), "needs Linux's /proc/net/tcp to see the queues");
        byte[] pong = {(byte) 0x8A, 0x00};
        var burst = new ByteArrayOutputStream();
        for (int i = 0; i < 64 * 1024; i++) {
            burst.writeBytes(pong);
        }
        byte[] chunk = burst.toByteArray();
        var written = new AtomicLong();
        var clientPort = new CompletableFuture<Integer>();
        var handler = new SlowPongs();
        try (var server = RawServer.start((peer, n) -> {
            peer.acceptUpgrade();
            clientPort.complete(peer.socket().getPort());
            for (int sent = 0; sent < PONGS; sent += chunk.length / 2) {
                peer.sendRaw(chunk);
                written.addAndGet(chunk.length);
            }
            peer.readUntilClose();
            peer.sendServerClose(1000, "");
        })) {
            var config = ClientConfiguration.builder().pingPongHandler(handler).inboundQueueCapacity(CAPACITY)
                    .build();
            try (var client = new Client(server.url(), config)) {
                assertThat(handler.first.await(10, TimeUnit.SECONDS)).isTrue();
                int port = clientPort.get(10, TimeUnit.SECONDS);
                // Sample how much the client has read off its socket while its first callback is held.
                long mostRead = 0;
                for (int sample = 0; sample < 200; sample++) {
                    long read = KernelSocketQueues.bytesReadByServer(port, server.port(), written.get());
                    mostRead = Math.max(mostRead, read);
                }
                // Reading pauses at CAPACITY waiting callbacks; the buffer being decoded then is still delivered
                // (one socket read, up to 64 KiB of 2-byte pongs). Without the bound it reads all 4 MiB.
                assertThat(mostRead).as("bytes the client read while its onPong was held")
                        .isLessThan(512 * 1024);
                handler.release.countDown();
            }
        }
    }
}
