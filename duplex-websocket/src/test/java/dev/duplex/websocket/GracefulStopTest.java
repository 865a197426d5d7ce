package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The listener's stops: {@link Listener#gracefulStop(Duration)} refuses new connections, closes every open one with
 * 1001 Going Away and waits for the closing handshakes up to a bound; {@link Listener#immediateStop()} drops every
 * connection at once, WebSocket or still in the HTTP phase.
 */
class GracefulStopTest {
    private static final ListenerConfiguration LOOPBACK = ListenerConfiguration.builder()
            .host("127.0.0.1").timeout(Duration.ofSeconds(5)).build();

    private Listener listener;
    private int port;
    private final CompletableFuture<Integer> firstCloseCode = new CompletableFuture<>();
    private final CountDownLatch opened = new CountDownLatch(2);

    /** Reports the close code the listener saw and counts opens. */
    public static class CloseRecording implements Service {
        private final CompletableFuture<Integer> closeCode;
        private final CountDownLatch opened;

        CloseRecording(CompletableFuture<Integer> closeCode, CountDownLatch opened) {
            this.closeCode = closeCode;
            this.opened = opened;
        }

        public void onOpen() {
            opened.countDown();
        }

        public void onClose(int code) {
            closeCode.complete(code);
        }
    }

    @BeforeEach
    void startListener() {
        listener = new Listener(0, LOOPBACK);
        listener.attach("/ws", request -> new CloseRecording(firstCloseCode, opened));
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    private CompletableFuture<Void> gracefulStopInBackground(Duration timeout) {
        return CompletableFuture.runAsync(() -> listener.gracefulStop(timeout));
    }

    // ---- gracefulStop ----

    @Test
    void gracefulStopRefusesNewConnections() {
        listener.gracefulStop(Duration.ofSeconds(1));

        assertThatThrownBy(() -> RawWebSocket.open(port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void gracefulStopSendsGoingAwayToEveryOpenConnection() throws Exception {
        try (RawWebSocket first = RawWebSocket.connect(port, "/ws");
             RawWebSocket second = RawWebSocket.connect(port, "/ws")) {
            CompletableFuture<Void> stopped = gracefulStopInBackground(Duration.ofSeconds(10));

            RawWebSocket.Frame toFirst = first.readFrame();
            RawWebSocket.Frame toSecond = second.readFrame();
            assertThat(toFirst.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(toFirst.closeCode()).isEqualTo(1001);
            assertThat(toSecond.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(toSecond.closeCode()).isEqualTo(1001);
            first.sendClose(1001, "");
            second.sendClose(1001, "");
            stopped.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void gracefulStopReturnsAsSoonAsThePeersHaveAnsweredWellBeforeItsBound() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            CompletableFuture<Void> stopped = gracefulStopInBackground(Duration.ofSeconds(60));

            assertThat(ws.readFrame().closeCode()).isEqualTo(1001);
            ws.sendClose(1001, "");

            stopped.get(10, TimeUnit.SECONDS);
            assertThat(ws.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
            assertThat(listener.getOpenConnections()).isZero();
        }
    }

    @Test
    void theServiceSeesTheCloseCodeOfTheClosingHandshake() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            CompletableFuture<Void> stopped = gracefulStopInBackground(Duration.ofSeconds(10));
            assertThat(ws.readFrame().closeCode()).isEqualTo(1001);
            ws.sendClose(1001, "");

            stopped.get(5, TimeUnit.SECONDS);
            assertThat(firstCloseCode.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
        }
    }

    @Test
    void aPeerThatNeverAnswersIsDroppedAfterTheBound() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            CompletableFuture<Void> stopped = gracefulStopInBackground(Duration.ofMillis(300));

            assertThat(ws.readFrame().closeCode()).isEqualTo(1001);
            assertThat(ws.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
            stopped.get(5, TimeUnit.SECONDS);
            assertThat(firstCloseCode.get(5, TimeUnit.SECONDS)).isEqualTo(1006);
        }
    }

    /** The stop may begin while the event loop is still between writing the 101 and registering the connection. */
    @RepeatedTest(20)
    void aConnectionUpgradedJustBeforeTheStopAlsoGetsGoingAway() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            CompletableFuture<Void> stopped = gracefulStopInBackground(Duration.ofSeconds(10));

            RawWebSocket.Frame close = ws.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1001);
            ws.sendClose(1001, "");
            stopped.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void gracefulStopWithoutConnectionsReturnsAtOnce() throws Exception {
        gracefulStopInBackground(Duration.ofSeconds(60)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void gracefulStopAlsoClosesConnectionsStillInTheHttpPhase() throws Exception {
        try (RawWebSocket silent = RawWebSocket.open(port)) {
            gracefulStopInBackground(Duration.ofSeconds(10)).get(5, TimeUnit.SECONDS);

            assertThat(silent.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void gracefulStopRefusesANegativeTimeout() {
        assertThatThrownBy(() -> listener.gracefulStop(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void closeIsAGracefulStop() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            CompletableFuture<Void> closed = CompletableFuture.runAsync(listener::close);

            assertThat(ws.readFrame().closeCode()).isEqualTo(1001);
            ws.sendClose(1001, "");
            closed.get(5, TimeUnit.SECONDS);
        }
    }

    // ---- immediateStop ----

    @Test
    void immediateStopDropsEveryConnectionWithoutACloseFrame() throws Exception {
        try (RawWebSocket first = RawWebSocket.connect(port, "/ws");
             RawWebSocket second = RawWebSocket.connect(port, "/ws")) {
            assertThat(opened.await(5, TimeUnit.SECONDS)).isTrue();

            listener.immediateStop();

            assertThatThrownBy(() -> first.readFrame(Duration.ofSeconds(5))).isInstanceOf(EOFException.class);
            assertThatThrownBy(() -> second.readFrame(Duration.ofSeconds(5))).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void immediateStopReportsAbnormalClosureToTheService() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            listener.immediateStop();

            assertThat(firstCloseCode.get(5, TimeUnit.SECONDS)).isEqualTo(1006);
        }
    }

    @Test
    void immediateStopRefusesNewConnections() {
        listener.immediateStop();

        assertThatThrownBy(() -> RawWebSocket.open(port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void immediateStopClosesConnectionsStillInTheHttpPhase() throws IOException {
        try (RawWebSocket halfway = RawWebSocket.open(port)) {
            halfway.sendRaw("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes());
            listener.immediateStop();

            assertThat(halfway.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void immediateStopLeavesNoOpenConnections() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            listener.immediateStop();

            assertThat(listener.getOpenConnections()).isZero();
        }
    }
}
