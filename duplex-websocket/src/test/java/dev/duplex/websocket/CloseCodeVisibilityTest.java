package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A thread that finds the connection closed sees why (issue 13, suspicion: the close code was written after the state
 * became CLOSED, so a worker could see CLOSED with a stale 1006). A service writing in a loop when the peer's close
 * frame arrives gets a {@link ConnectionClosureException} that carries the peer's code.
 */
class CloseCodeVisibilityTest {

    /** Writes until the connection refuses, and reports the code the refusal carries. */
    public static class WritingUntilRefused implements Service {
        final CompletableFuture<Integer> refusedWith = new CompletableFuture<>();

        public void onTextMessage(Caller caller, String text) {
            try {
                for (int i = 0; i < 1_000_000; i++) {
                    caller.writeTextMessage("message " + i);
                }
                refusedWith.complete(-1);
            } catch (ConnectionClosureException closed) {
                refusedWith.complete(closed.closeCode());
            }
        }
    }

    @RepeatedTest(10)
    void aWriterRefusedAfterThePeersCloseFrameSeesThePeersCode() throws Exception {
        var service = new WritingUntilRefused();
        try (var server = LoopbackListener.start("/ws", request -> service);
             var peer = RawWebSocket.connect(server.port(), "/ws")) {
            peer.sendText("go");
            peer.readFrame(); // the writes have begun
            peer.sendClose(4000, "enough");
            assertThat(service.refusedWith.get(10, TimeUnit.SECONDS)).isEqualTo(4000);
        }
    }
}
