package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A returned {@link Flow.Publisher} that emits synchronously — inside {@code request} — is drained without recursion
 * and with write backpressure, in every dispatch mode (issue 13, suspicion: it recursed on the event loop, one stack
 * frame set per element, and its writes never waited).
 */
class PublisherReturnTest {
    private static final int ELEMENTS = 100_000;

    /** Emits {@code count} elements, each from inside the {@code request} call that asked for it. */
    static final class SynchronousPublisher implements Flow.Publisher<String> {
        final AtomicInteger emitted = new AtomicInteger();
        private final int count;

        SynchronousPublisher(int count) {
            this.count = count;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super String> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private int next;
                private boolean done;

                @Override
                public void request(long n) {
                    for (long i = 0; i < n && !done; i++) {
                        if (next == count) {
                            done = true;
                            subscriber.onComplete();
                            return;
                        }
                        emitted.incrementAndGet();
                        subscriber.onNext("element " + next++ + " " + "z".repeat(1000));
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }
    }

    public static class Streaming implements Service {
        final SynchronousPublisher publisher = new SynchronousPublisher(ELEMENTS);

        public Flow.Publisher<String> onTextMessage(String text) {
            return publisher;
        }
    }

    @ParameterizedTest
    @EnumSource(DispatchMode.class)
    void aSynchronousPublisherIsDrainedWithoutRecursionAndWaitsForASlowReader(DispatchMode mode) throws Exception {
        var service = new Streaming();
        var config = WsServiceConfig.builder().dispatchMode(mode).build();
        try (var server = LoopbackListener.start("/ws", request -> service, config);
             var peer = RawWebSocket.connect(server.port(), "/ws", java.util.Map.of(),
                     socket -> socket.setReceiveBufferSize(16 * 1024))) {
            peer.sendText("go");
            // The peer reads nothing yet: the publisher must be held back by the outbound buffer, not drained
            // into memory (100,000 elements of 1 KiB would be 100 MiB).
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> service.publisher.emitted.get() > 100);
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> service.publisher.emitted.get() < ELEMENTS / 4);
            for (int i = 0; i < ELEMENTS; i++) {
                var message = peer.readMessage();
                assertThat(message.text()).startsWith("element " + i + " ");
            }
        }
    }
}
