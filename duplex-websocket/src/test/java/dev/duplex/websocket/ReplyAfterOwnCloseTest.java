package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A value a method returns after it closed the connection itself cannot be sent, exactly as a {@code Caller} write
 * there would fail: it reaches {@code onError} as a {@link ConnectionClosureException}, as an uncaught write would.
 * (A reply to a connection the peer closed while the method ran is dropped instead: see ReplyAfterPeerCloseTest.)
 */
class ReplyAfterOwnCloseTest {
    /** Closes, then returns a reply anyway. */
    public static final class ClosesThenReplies implements Service {
        private final CompletableFuture<Throwable> error;

        ClosesThenReplies(CompletableFuture<Throwable> error) {
            this.error = error;
        }

        public String onTextMessage(Caller caller, String text) {
            caller.close(4000, "bye", Duration.ZERO);
            return "too late: " + text;
        }

        public void onError(Throwable failure) {
            error.complete(failure);
        }
    }

    /** Closes, then writes through the Caller, which throws. */
    public static final class ClosesThenWrites implements Service {
        private final CompletableFuture<Throwable> error;

        ClosesThenWrites(CompletableFuture<Throwable> error) {
            this.error = error;
        }

        public void onTextMessage(Caller caller, String text) {
            caller.close(4000, "bye", Duration.ZERO);
            caller.writeTextMessage("too late: " + text);
        }

        public void onError(Throwable failure) {
            error.complete(failure);
        }
    }

    @Test
    void aValueReturnedAfterTheMethodClosedTheConnectionReachesOnErrorAsAConnectionClosureException()
            throws Exception {
        var error = new CompletableFuture<Throwable>();
        try (var listener = LoopbackListener.start("/ws", request -> new ClosesThenReplies(error));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("hello");

            assertThat(raw.readFrame().closeCode()).isEqualTo(4000);
            assertThat(error.get(10, TimeUnit.SECONDS)).isInstanceOf(ConnectionClosureException.class);
        }
    }

    @Test
    void aCallerWriteAfterTheMethodClosedTheConnectionReachesOnErrorTheSameWay() throws Exception {
        var error = new CompletableFuture<Throwable>();
        try (var listener = LoopbackListener.start("/ws", request -> new ClosesThenWrites(error));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("hello");

            assertThat(raw.readFrame().closeCode()).isEqualTo(4000);
            assertThat(error.get(10, TimeUnit.SECONDS)).isInstanceOf(ConnectionClosureException.class);
        }
    }
}
