package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No service can starve another (issue 13, finding 7): a call that waits on one peer — {@code Caller.close()} waiting
 * for a close frame that never comes — does not hold a shared worker, on JDK 17's platform threads as on virtual
 * threads.
 */
class ServiceIsolationTest {
    /** Issue 13's figure: far more peers than JDK 17's 128 worker threads. */
    private static final int SILENT_PEERS = 1000;

    /** Closes each connection from its first message and waits (60 s, the default) for the peer's close frame. */
    public static class ClosingService implements Service {
        private final CountDownLatch waiting;

        ClosingService(CountDownLatch waiting) {
            this.waiting = waiting;
        }

        public void onTextMessage(Caller caller, String text) {
            waiting.countDown();
            try {
                caller.close(1000, "bye", Duration.ofSeconds(60));
            } catch (ConnectionClosureException peerNeverAnswered) {
                // Expected when the test ends and the peers drop.
            }
        }
    }

    public static class EchoService implements Service {
        public String onTextMessage(Caller caller, String text) {
            return text;
        }
    }

    @Test
    void anUnrelatedServiceKeepsUpgradingAndEchoingWhilePeersNeverAnswerAClose() throws Exception {
        var waiting = new CountDownLatch(SILENT_PEERS);
        try (var server = LoopbackListener.start("/closing", request -> new ClosingService(waiting))) {
            server.listener().attach("/echo", request -> new EchoService());
            List<RawWebSocket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < SILENT_PEERS; i++) {
                    RawWebSocket peer = RawWebSocket.connect(server.port(), "/closing");
                    silent.add(peer);
                    peer.sendText("close me");
                }
                assertThat(waiting.await(30, TimeUnit.SECONDS))
                        .as("every closing service method started (%d still waiting to start)", waiting.getCount())
                        .isTrue();

                // Every one of those methods now waits up to 60 s; an unrelated service must not wait for them.
                var echoed = CompletableFuture.supplyAsync(() -> {
                    try (var client = new Client(server.uri("/echo").toString())) {
                        client.writeTextMessage("still here");
                        return client.readTextMessage();
                    }
                });
                assertThat(echoed.get(15, TimeUnit.SECONDS)).isEqualTo("still here");
            } finally {
                for (RawWebSocket peer : silent) {
                    peer.close();
                }
            }
        }
    }
}
