package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.RetryConfig;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.RawServer;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ClientConfiguration#retryConfig()}: reconnecting after connect failures and dropped connections. */
@Timeout(30)
class ClientRetryTest {

    /** Greets each connection with "welcome N" (N counts connections to this service); echoes; "close" closes. */
    public static class Greeter implements Service {
        private final int connection;
        private final EventRecorder events;

        public Greeter(int connection, EventRecorder events) {
            this.connection = connection;
            this.events = events;
        }

        public void onOpen(Caller caller) {
            caller.writeTextMessage("welcome " + connection);
        }

        public String onTextMessage(Caller caller, String text) {
            events.record(connection + ":" + text);
            if (text.equals("close")) {
                caller.close(1000, "normal", Duration.ofSeconds(5));
                return null;
            }
            return text;
        }
    }

    private static final RetryConfig QUICK_RETRIES =
            new RetryConfig(100, Duration.ofMillis(20), 1.5, Duration.ofMillis(200));

    private final EventRecorder events = new EventRecorder();
    private final AtomicInteger upgrades = new AtomicInteger();
    private final List<Listener> listeners = new ArrayList<>();

    @AfterEach
    void stopListeners() {
        listeners.forEach(Listener::immediateStop);
    }

    private Listener startListener(int port) {
        Listener listener = new Listener(port, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/ws", request -> new Greeter(upgrades.incrementAndGet(), events));
        listener.start();
        listeners.add(listener);
        return listener;
    }

    private static ClientConfiguration retrying(RetryConfig retry) {
        return ClientConfiguration.builder().retryConfig(retry).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private static <T> T within(CompletableFuture<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void readGoesOnOnANewConnectionAfterTheServerDropsTheConnection() throws Exception {
        Listener first = startListener(0);
        int port = first.getPort();
        try (Client client = new Client("ws://127.0.0.1:" + port + "/ws", retrying(QUICK_RETRIES))) {
            assertThat(client.readTextMessage()).isEqualTo("welcome 1");
            String firstConnection = client.getConnectionId();
            CompletableFuture<String> read = CompletableFuture.supplyAsync(client::readTextMessage);

            first.immediateStop();
            startListener(port);

            assertThat(within(read, Duration.ofSeconds(10))).isEqualTo("welcome 2");
            assertThat(client.getConnectionId()).isNotEqualTo(firstConnection);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void writeAfterTheConnectionDroppedIsSentAgainOnTheNewConnection() throws Exception {
        Listener first = startListener(0);
        int port = first.getPort();
        try (Client client = new Client("ws://127.0.0.1:" + port + "/ws", retrying(QUICK_RETRIES))) {
            assertThat(client.readTextMessage()).isEqualTo("welcome 1");

            first.immediateStop();
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
            startListener(port);
            client.writeTextMessage("after the drop");

            assertThat(events.next()).isEqualTo("2:after the drop");
            assertThat(client.readTextMessage()).isEqualTo("welcome 2");
            assertThat(client.readTextMessage()).isEqualTo("after the drop");
        }
    }

    @Test
    void connectingIsRetriedUntilTheServerComesUp() throws Exception {
        int port = freePort();
        CompletableFuture<Client> connecting = CompletableFuture.supplyAsync(
                () -> new Client("ws://127.0.0.1:" + port + "/ws", retrying(QUICK_RETRIES)));
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(50)).until(() -> !connecting.isDone());
        startListener(port);

        try (Client client = within(connecting, Duration.ofSeconds(10))) {
            assertThat(client.readTextMessage()).isEqualTo("welcome 1");
        }
    }

    @Test
    void connectFailureIsRetriedMaxCountTimesThenFailsWithConnectionException() throws Exception {
        try (RawServer server = RawServer.start((peer, connection) -> {
            // Accepts TCP and hangs up at once: a failure to connect, not an answer.
        })) {
            var retry = new RetryConfig(3, Duration.ofMillis(20), 2.0, Duration.ofMillis(100));

            assertThatThrownBy(() -> new Client(server.url(), retrying(retry)))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining(server.url())
                    .hasMessageContaining("3 retries");
            assertThat(server.connections()).as("the first attempt and 3 retries").isEqualTo(4);
        }
    }

    @Test
    void refusedHandshakeIsAnAnswerAndIsNotRetried() throws Exception {
        try (RawServer server = RawServer.start((peer, connection) -> {
            peer.readHttpRequest();
            peer.sendRaw("HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno".getBytes(StandardCharsets.US_ASCII));
            peer.awaitTcpClose(Duration.ofSeconds(5));
        })) {
            assertThatThrownBy(() -> new Client(server.url(), retrying(QUICK_RETRIES)))
                    .isInstanceOfSatisfying(InvalidHandshakeException.class,
                            e -> assertThat(e.status()).isEqualTo(403));
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void closeByTheServerIsNotRetried() {
        Listener listener = startListener(0);
        try (Client client = new Client("ws://127.0.0.1:" + listener.getPort() + "/ws", retrying(QUICK_RETRIES))) {
            assertThat(client.readTextMessage()).isEqualTo("welcome 1");
            client.writeTextMessage("close");

            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(1000));
            assertThatThrownBy(client::readTextMessage)
                    .as("no new connection greets us")
                    .isInstanceOf(ConnectionClosureException.class);
            assertThatThrownBy(() -> client.writeTextMessage("hello?"))
                    .isInstanceOf(ConnectionClosureException.class);
            assertThat(upgrades.get()).isEqualTo(1);
        }
    }

    @Test
    void readGoesOnOnANewConnectionAfterTheConnectionIsReset() throws Exception {
        try (RawServer server = RawServer.start((peer, connection) -> {
            peer.acceptUpgrade();
            peer.sendServerText("hello from " + connection);
            if (connection == 0) {
                assertThat(peer.readFrame().text()).isEqualTo("reset me");
                peer.socket().setSoLinger(true, 0);
                peer.close();
                return;
            }
            peer.sendServerClose(peer.readUntilClose().closeCode(), "");
            peer.awaitTcpClose(Duration.ofSeconds(5));
        })) {
            try (Client client = new Client(server.url(), retrying(QUICK_RETRIES))) {
                assertThat(client.readTextMessage()).isEqualTo("hello from 0");
                client.writeTextMessage("reset me");

                assertThat(client.readTextMessage()).isEqualTo("hello from 1");
            }
            server.awaitScript(0, Duration.ofSeconds(5));
        }
    }

    @Test
    void closeWhileReconnectingStopsTheRetriesAndEndsTheBlockedRead() throws Exception {
        Listener listener = startListener(0);
        var forever = new RetryConfig(0, Duration.ofMillis(50), 1.0, Duration.ofMillis(50));
        Client client = new Client("ws://127.0.0.1:" + listener.getPort() + "/ws", retrying(forever));
        assertThat(client.readTextMessage()).isEqualTo("welcome 1");
        CompletableFuture<String> read = CompletableFuture.supplyAsync(client::readTextMessage);

        listener.immediateStop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        client.close();

        assertThatThrownBy(() -> within(read, Duration.ofSeconds(5)))
                .isInstanceOf(ConnectionClosureException.class);
    }
}
