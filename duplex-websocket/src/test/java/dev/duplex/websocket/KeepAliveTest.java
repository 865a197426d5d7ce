package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive pings with a pong deadline ({@code pingInterval}, {@code pongTimeout}) on both ends: a peer that stops
 * answering is dropped (1006), a healthy one stays.
 */
class KeepAliveTest {
    private static final Duration INTERVAL = Duration.ofMillis(150);
    private static final Duration PONG_TIMEOUT = Duration.ofMillis(400);

    /** Echoes, and records close codes and the pongs the application sees. */
    public static class Recording implements Service {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final List<String> pongs = new CopyOnWriteArrayList<>();

        public String onTextMessage(String text) {
            return text;
        }

        public void onPong(byte[] payload) {
            pongs.add(new String(payload, StandardCharsets.UTF_8));
        }

        public void onClose(int statusCode) {
            closed.complete(statusCode);
        }
    }

    /** Answers pings itself, counting them. */
    public static class CountingPings implements Service {
        final CountDownLatch pings = new CountDownLatch(4);

        public byte[] onPing(byte[] payload) {
            pings.countDown();
            return payload;
        }

        public String onTextMessage(String text) {
            return text;
        }
    }

    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    private int start(Service service, WsServiceConfig config) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/ws", request -> service, config);
        listener.start();
        return listener.getPort();
    }

    private static WsServiceConfig keepAlive() {
        return WsServiceConfig.builder().pingInterval(INTERVAL).pongTimeout(PONG_TIMEOUT).build();
    }

    @Test
    void theServerDropsAPeerThatNeverAnswersItsPingsAndReports1006() throws Exception {
        var service = new Recording();
        int port = start(service, keepAlive());
        try (var silent = RawWebSocket.connect(port, "/ws")) {
            assertThat(service.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1006);
            var frames = silent.readFramesUntilTcpClose();
            assertThat(frames).isNotEmpty().allSatisfy(frame -> assertThat(frame.opcode())
                    .isEqualTo(RawWebSocket.OP_PING));
        }
    }

    @Test
    void theServerKeepsAPeerThatAnswersEveryPing() throws Exception {
        var service = new Recording();
        int port = start(service, keepAlive());
        try (var healthy = RawWebSocket.connect(port, "/ws")) {
            for (int i = 0; i < 8; i++) {
                var ping = healthy.readFrame(Duration.ofSeconds(5));
                assertThat(ping.opcode()).isEqualTo(RawWebSocket.OP_PING);
                healthy.sendPong(ping.payload());
            }
            healthy.sendText("still here");
            assertThat(readTextSkippingPings(healthy)).isEqualTo("still here");
            assertThat(service.closed).isNotDone();
            assertThat(service.pongs).as("pongs to keep-alive pings are not the application's").isEmpty();
        }
    }

    @Test
    void anyFrameFromThePeerCountsAsASignOfLife() throws Exception {
        var service = new Recording();
        int port = start(service, keepAlive());
        try (var chatty = RawWebSocket.connect(port, "/ws")) {
            // Never a pong, but a message after each ping, well within its deadline.
            for (int i = 0; i < 6; i++) {
                assertThat(chatty.readFrame(Duration.ofSeconds(5)).opcode()).isEqualTo(RawWebSocket.OP_PING);
                chatty.sendText("message " + i);
                assertThat(readText(chatty, false)).isEqualTo("message " + i);
            }
            assertThat(service.closed).isNotDone();
        }
    }

    @Test
    void aPongTheApplicationDidNotAskForStillReachesOnPong() throws Exception {
        var service = new Recording();
        int port = start(service, keepAlive());
        try (var raw = RawWebSocket.connect(port, "/ws")) {
            raw.sendPong("unsolicited".getBytes(StandardCharsets.UTF_8));
            raw.sendText("sync");
            assertThat(readTextSkippingPings(raw)).isEqualTo("sync");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> service.pongs.contains("unsolicited"));
        }
    }

    @Test
    void theClientDropsAServerThatNeverAnswersItsPingsAndItsPendingReadFails() throws Exception {
        try (var server = SilentServer.start()) {
            var config = ClientConfiguration.builder().pingInterval(INTERVAL).pongTimeout(PONG_TIMEOUT).build();
            try (var client = new Client("ws://127.0.0.1:" + server.port() + "/", config)) {
                assertThatThrownBy(client::readTextMessage)
                        .isInstanceOf(ConnectionClosureException.class)
                        .satisfies(e -> assertThat(((ConnectionClosureException) e).closeCode()).isEqualTo(1006));
                assertThat(client.isOpen()).isFalse();
            }
        }
    }

    @Test
    void theClientKeepsAHealthyConnection() throws Exception {
        var service = new CountingPings();
        int port = start(service, WsServiceConfig.DEFAULT);
        var config = ClientConfiguration.builder().pingInterval(INTERVAL).pongTimeout(PONG_TIMEOUT).build();
        try (var client = new Client("ws://127.0.0.1:" + port + "/ws", config)) {
            assertThat(service.pings.await(10, TimeUnit.SECONDS)).as("four keep-alive pings arrived").isTrue();
            client.writeTextMessage("alive");
            assertThat(client.readTextMessage()).isEqualTo("alive");
            assertThat(client.isOpen()).isTrue();
        }
    }

    /** Holds its first message until released, so the inbound queue fills and the server stops reading. */
    public static class Stalling implements Service {
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        public String onTextMessage(String text) throws InterruptedException {
            release.await(20, TimeUnit.SECONDS);
            return text;
        }

        public void onClose(int statusCode) {
            closed.complete(statusCode);
        }
    }

    @Test
    void theServerKeepsAPeerThatAnswersEveryPingWhileItIsNotReadingForBackpressure() throws Exception {
        var service = new Stalling();
        int port = start(service, WsServiceConfig.builder().pingInterval(INTERVAL).pongTimeout(PONG_TIMEOUT)
                .inboundQueueCapacity(1).build());
        try (var healthy = RawWebSocket.connect(port, "/ws")) {
            for (int i = 0; i < 4; i++) {
                healthy.sendText("message " + i);
            }
            // The service holds the first message; the queue is full and the server reads nothing, pongs included.
            for (int i = 0; i < 6; i++) {
                var ping = healthy.readFrame(Duration.ofSeconds(5));
                assertThat(ping.opcode()).as("frame %d", i).isEqualTo(RawWebSocket.OP_PING);
                healthy.sendPong(ping.payload());
            }
            assertThat(service.closed).as("the server dropped a peer that answered every ping").isNotDone();
            service.release.countDown();
            for (int i = 0; i < 4; i++) {
                assertThat(readTextSkippingPings(healthy)).isEqualTo("message " + i);
            }
            assertThat(service.closed).isNotDone();
        }
    }

    @Test
    void theServerStillDropsASilentPeerOnceItReadsAgain() throws Exception {
        var service = new Stalling();
        int port = start(service, WsServiceConfig.builder().pingInterval(INTERVAL).pongTimeout(PONG_TIMEOUT)
                .inboundQueueCapacity(1).build());
        try (var silent = RawWebSocket.connect(port, "/ws")) {
            for (int i = 0; i < 4; i++) {
                silent.sendText("message " + i);
            }
            assertThat(silent.readFrame(Duration.ofSeconds(5)).opcode()).isEqualTo(RawWebSocket.OP_PING);
            service.release.countDown();
            assertThat(service.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1006);
        }
    }

    @Test
    void theClientKeepsAServerThatAnswersEveryPingWhileTheApplicationIsNotReading() throws Exception {
        var service = new CountingPings() {
            public void onOpen(Caller caller) {
                for (int i = 0; i < 10; i++) {
                    caller.writeTextMessage("message " + i);
                }
            }
        };
        int port = start(service, WsServiceConfig.DEFAULT);
        var config = ClientConfiguration.builder().pingInterval(INTERVAL).pongTimeout(PONG_TIMEOUT)
                .inboundQueueCapacity(2).build();
        try (var client = new Client("ws://127.0.0.1:" + port + "/ws", config)) {
            // The application reads nothing: the inbox fills and the client stops reading, pongs included.
            assertThat(service.pings.await(10, TimeUnit.SECONDS)).as("four keep-alive pings answered").isTrue();
            for (int i = 0; i < 10; i++) {
                assertThat(client.readTextMessage()).isEqualTo("message " + i);
            }
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void sendsNoKeepAlivePingsByDefault() throws Exception {
        int port = start(new Recording(), WsServiceConfig.DEFAULT);
        try (var raw = RawWebSocket.connect(port, "/ws")) {
            assertThat(raw.receivesNothingWithin(INTERVAL.multipliedBy(3))).isTrue();
        }
        assertThat(ClientConfiguration.DEFAULT.pingInterval()).isZero();
    }

    @Test
    void refusesANonPositivePongTimeout() {
        assertThatThrownBy(() -> WsServiceConfig.builder().pongTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pongTimeout");
        assertThatThrownBy(() -> ClientConfiguration.builder().pingInterval(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pingInterval");
    }

    private static String readTextSkippingPings(RawWebSocket raw) throws IOException {
        return readText(raw, true);
    }

    /** The next text message, answering the pings on the way when {@code answerPings}. */
    private static String readText(RawWebSocket raw, boolean answerPings) throws IOException {
        for (int i = 0; i < 1000; i++) {
            var frame = raw.readFrame(Duration.ofSeconds(5));
            if (frame.opcode() == RawWebSocket.OP_PING) {
                if (answerPings) {
                    raw.sendPong(frame.payload());
                }
                continue;
            }
            return frame.text();
        }
        throw new AssertionError("only pings arrived");
    }

    /** A WebSocket server that completes one handshake and then never sends or answers anything. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final CompletableFuture<Socket> accepted = new CompletableFuture<>();

        private SilentServer(ServerSocket server) {
            this.server = server;
        }

        static SilentServer start() throws IOException {
            var silent = new SilentServer(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            Thread thread = new Thread(silent::handshakeOnce, "silent-server");
            thread.setDaemon(true);
            thread.start();
            return silent;
        }

        int port() {
            return server.getLocalPort();
        }

        private void handshakeOnce() {
            try {
                Socket socket = server.accept();
                accepted.complete(socket);
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n") && head.length() < 16384) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                String key = head.toString().lines()
                        .filter(line -> line.toLowerCase().startsWith("sec-websocket-key:"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + RawWebSocket.acceptFor(key) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                accepted.completeExceptionally(e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            Socket socket = accepted.getNow(null);
            if (socket != null) {
                socket.close();
            }
        }
    }
}
