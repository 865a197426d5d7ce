package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A reply whose connection the peer closed while the method ran is dropped; it is not a failure of the method. */
class ReplyAfterPeerCloseTest {
    /** Replies only once the test lets it, after the client has closed. */
    public static final class LateEcho implements Service {
        private final CountDownLatch received;
        private final CountDownLatch mayReply;
        private final List<Throwable> errors;
        private final CompletableFuture<Integer> closed;

        LateEcho(CountDownLatch received, CountDownLatch mayReply, List<Throwable> errors,
                 CompletableFuture<Integer> closed) {
            this.received = received;
            this.mayReply = mayReply;
            this.errors = errors;
            this.closed = closed;
        }

        public String onTextMessage(String text) throws InterruptedException {
            received.countDown();
            if (!mayReply.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not let the reply go");
            }
            return text;
        }

        public void onError(Throwable error) {
            errors.add(error);
        }

        public void onClose(int statusCode) {
            closed.complete(statusCode);
        }
    }

    private final CountDownLatch received = new CountDownLatch(1);
    private final CountDownLatch mayReply = new CountDownLatch(1);
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private Listener listener;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/late", request -> new LateEcho(received, mayReply, errors, closed));
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    @Test
    void dropsAReplyToAConnectionThePeerClosedWithoutCallingOnError() throws Exception {
        try (var client = new Client("ws://127.0.0.1:" + listener.getPort() + "/late")) {
            client.writeTextMessage("too late");
            assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
            client.close(1000, "", Duration.ofSeconds(10));
        }
        mayReply.countDown();

        // onClose runs after onTextMessage has returned and its reply was attempted.
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(errors).isEmpty();
    }
}
