package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.HandshakeTimeoutException;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.PayloadTooLargeException;
import dev.duplex.websocket.PingPongService;
import dev.duplex.websocket.ReadTimeoutException;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WriteTimeoutException;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.testkit.EventRecorder;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What each {@link ClientConfiguration} field does, against our own {@link Listener}. */
@Timeout(20)
class ClientSettingsTest {

    /**
     * Echoes text; "big:N" answers N × 'x'; "ping:x" and "pong:x" make the server send a ping or pong; records the
     * pongs it receives and how the connection closed.
     */
    public static class Server implements Service {
        private final EventRecorder events;

        public Server(EventRecorder events) {
            this.events = events;
        }

        public String onTextMessage(Caller caller, String text) {
            if (text.startsWith("big:")) {
                return "x".repeat(Integer.parseInt(text.substring(4)));
            }
            if (text.startsWith("ping:")) {
                caller.ping(text.substring(5).getBytes(StandardCharsets.UTF_8));
                return null;
            }
            if (text.startsWith("pong:")) {
                caller.pong(text.substring(5).getBytes(StandardCharsets.UTF_8));
                return null;
            }
            events.record("text:" + text.length());
            return text;
        }

        public void onPong(Caller caller, byte[] data) {
            events.record("pong:" + new String(data, StandardCharsets.UTF_8));
        }

        public void onClose(Caller caller, int statusCode, String reason) {
            events.record("close:" + statusCode);
        }
    }

    /** Takes one text message and then holds it until released, so the server stops reading. */
    public static class Stuck implements Service {
        private final CountDownLatch release;

        public Stuck(CountDownLatch release) {
            this.release = release;
        }

        public void onTextMessage(String text) throws InterruptedException {
            release.await(30, TimeUnit.SECONDS);
        }
    }

    private final EventRecorder events = new EventRecorder();
    private final CountDownLatch release = new CountDownLatch(1);
    private Listener listener;

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/ws", request -> new Server(events));
        listener.attach("/small-frames", request -> new Server(events),
                WsServiceConfig.builder().maxFrameSize(500).build());
        listener.attach("/protocols", request -> {
            events.record("offered:" + request.subProtocols());
            return new Server(events);
        }, WsServiceConfig.builder().subProtocols("superchat", "json").build());
        listener.attach("/headers", request -> {
            events.record("x-trace:" + request.header("X-Trace"));
            events.record("cookies:" + new java.util.TreeMap<>(request.cookies()));
            return new Server(events);
        });
        listener.attach("/slow-upgrade", request -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Server(events);
        });
        listener.attach("/stuck", request -> new Stuck(release),
                WsServiceConfig.builder().inboundQueueCapacity(1).build());
        listener.start();
    }

    @AfterEach
    void stopListener() {
        release.countDown();
        listener.immediateStop();
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + listener.getPort() + path;
    }

    /** Compression off, so sizes on the wire are the sizes the tests choose (compression has its own tests). */
    private static ClientConfiguration.Builder config() {
        return ClientConfiguration.builder().webSocketCompressionEnabled(false);
    }

    // ---- subProtocols ----

    @Test
    void subProtocolsAreOfferedAndTheServersChoiceIsNegotiated() {
        var config = config().subProtocols("chat", "superchat").build();
        try (Client client = new Client(url("/protocols"), config)) {
            assertThat(events.next()).isEqualTo("offered:[chat, superchat]");
            assertThat(client.getNegotiatedSubProtocol()).contains("superchat");
            assertThat(client.getHttpResponse().header("Sec-WebSocket-Protocol")).isEqualTo("superchat");
        }
    }

    @Test
    void serverAcceptingNoneOfTheSubProtocolsFailsTheHandshakeNamingBothSides() {
        var config = config().subProtocols("mqtt", "stomp").build();
        assertThatThrownBy(() -> new Client(url("/protocols"), config))
                .isInstanceOfSatisfying(InvalidHandshakeException.class, e -> {
                    assertThat(e.getMessage()).contains("[mqtt, stomp]").contains("server accepted none");
                    assertThat(e.status()).isEqualTo(101);
                });
    }

    @Test
    void noSubProtocolIsNegotiatedWhenTheClientOffersNone() {
        try (Client client = new Client(url("/protocols"))) {
            assertThat(events.next()).isEqualTo("offered:[]");
            assertThat(client.getNegotiatedSubProtocol()).isEmpty();
        }
    }

    // ---- customHeaders and cookies ----

    @Test
    void customHeadersAndCookiesReachTheUpgradeService() {
        var config = config()
                .customHeaders(Map.of("X-Trace", "trace-42"))
                .cookies(List.of(new HttpCookie("session", "abc"), new HttpCookie("theme", "dark")))
                .build();
        try (Client client = new Client(url("/headers"), config)) {
            assertThat(events.next()).isEqualTo("x-trace:trace-42");
            assertThat(events.next()).isEqualTo("cookies:{session=abc, theme=dark}");
        }
    }

    // ---- readTimeout ----

    @Test
    void readTimeoutFailsTheReadAndTheNextReadStillWorks() {
        var config = config().readTimeout(Duration.ofMillis(200)).build();
        try (Client client = new Client(url("/ws"), config)) {
            long start = System.nanoTime();
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOf(ReadTimeoutException.class)
                    .hasMessageContaining("readTimeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150),
                    Duration.ofSeconds(5));

            assertThat(client.isOpen()).isTrue();
            client.writeTextMessage("after the timeout");
            assertThat(client.readTextMessage()).isEqualTo("after the timeout");
        }
    }

    // ---- writeTimeout ----

    @Test
    void writeTimeoutFailsAWriteTheServerDoesNotTakeInTime() {
        var config = config().writeTimeout(Duration.ofMillis(300)).maxFrameSize(1 << 20).build();
        try (Client client = new Client(url("/stuck"), config)) {
            String chunk = "w".repeat(64 * 1024);
            WriteTimeoutException timedOut = null;
            for (int i = 0; i < 2000 && timedOut == null; i++) {
                try {
                    client.writeTextMessage(chunk);
                } catch (WriteTimeoutException e) {
                    timedOut = e;
                }
            }
            assertThat(timedOut).as("a write timed out before 125 MiB were written").isNotNull();
            assertThat(timedOut.getMessage()).contains("writeTimeout");

            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
            assertThatThrownBy(() -> client.writeTextMessage("after the timeout"))
                    .isInstanceOf(ConnectionClosureException.class);
        }
    }

    // ---- handShakeTimeout ----

    @Test
    void handShakeTimeoutFailsAHandshakeTheServerDoesNotAnswer() {
        var config = config().handShakeTimeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();

        assertThatThrownBy(() -> new Client(url("/slow-upgrade"), config))
                .isInstanceOf(HandshakeTimeoutException.class)
                .hasMessageContaining("handShakeTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void handShakeTimeoutNoLongerAppliesOnceTheHandshakeIsDone() {
        var config = config().handShakeTimeout(Duration.ofMillis(200)).readTimeout(Duration.ofMillis(700)).build();
        try (Client client = new Client(url("/ws"), config)) {
            assertThatThrownBy(client::readTextMessage).isInstanceOf(ReadTimeoutException.class);

            assertThat(client.isOpen()).as("open well past the handshake timeout").isTrue();
            client.writeTextMessage("still connected");
            assertThat(client.readTextMessage()).isEqualTo("still connected");
        }
    }

    // ---- maxFrameSize ----

    @Test
    void frameLargerThanMaxFrameSizeClosesWith1009AndFailsTheRead() {
        var config = config().maxFrameSize(1000).build();
        try (Client client = new Client(url("/ws"), config)) {
            client.writeTextMessage("big:2000");

            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOf(PayloadTooLargeException.class)
                    .hasMessageContaining("maxFrameSize=1000")
                    .hasMessageContaining("ClientConfiguration.maxFrameSize");
            assertThat(events.nextStartingWith("close:")).isEqualTo("close:1009");
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(1009));
        }
    }

    @Test
    void frameOfExactlyMaxFrameSizeIsAccepted() {
        var config = config().maxFrameSize(1000).build();
        try (Client client = new Client(url("/ws"), config)) {
            client.writeTextMessage("big:1000");
            assertThat(client.readTextMessage()).hasSize(1000);
        }
    }

    @Test
    void outboundMessageLongerThanMaxFrameSizeIsFragmentedAndArrivesWhole() {
        var config = config().maxFrameSize(100).build();
        String text = "aé€😀".repeat(300);
        try (Client client = new Client(url("/ws"), config)) {
            client.writeTextMessage(text);
            assertThat(events.next()).isEqualTo("text:" + text.length());
        }
    }

    // ---- maxMessageSize ----

    @Test
    void messageLargerThanMaxMessageSizeClosesWith1009AndFailsTheRead() {
        var config = config().maxMessageSize(1500).build();
        try (Client client = new Client(url("/ws"), config)) {
            client.writeTextMessage("big:2000");

            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOf(PayloadTooLargeException.class)
                    .hasMessageContaining("maxMessageSize=1500");
            assertThat(events.nextStartingWith("close:")).isEqualTo("close:1009");
        }
    }

    @Test
    void fragmentedMessageIsLimitedByMaxMessageSizeOnceItsFragmentsAddUp() {
        var config = config().maxMessageSize(1500).build();
        try (Client client = new Client(url("/small-frames"), config)) {
            client.writeTextMessage("big:1500");
            assertThat(client.readTextMessage()).as("three 500-byte frames fit").hasSize(1500);

            client.writeTextMessage("big:1501");
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOf(PayloadTooLargeException.class)
                    .hasMessageContaining("maxMessageSize=1500");
            assertThat(events.nextStartingWith("close:")).isEqualTo("close:1009");
        }
    }

    // ---- pingPongHandler ----

    @Test
    void pingsAreAnsweredAutomaticallyWithoutAHandler() {
        try (Client client = new Client(url("/ws"))) {
            client.writeTextMessage("ping:auto");
            assertThat(events.next()).isEqualTo("pong:auto");
        }
    }

    @Test
    void pingsAreAnsweredAutomaticallyWhenTheHandlerDoesNotOverrideOnPing() {
        var config = config().pingPongHandler(new PingPongService() {
            @Override
            public void onPong(Client client, byte[] data) {
            }
        }).build();
        try (Client client = new Client(url("/ws"), config)) {
            client.writeTextMessage("ping:auto");
            assertThat(events.next()).isEqualTo("pong:auto");
        }
    }

    @Test
    void bytesReturnedByOnPingAreSentAsThePong() {
        EventRecorder handled = new EventRecorder();
        var config = config().pingPongHandler(new PingPongService() {
            @Override
            public byte[] onPing(Client client, byte[] data) {
                handled.record("ping:" + new String(data, StandardCharsets.UTF_8) + " from " + client);
                return ("re: " + new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
        }).build();
        try (Client client = new Client(url("/ws"), config)) {
            client.writeTextMessage("ping:custom");
            assertThat(handled.next()).isEqualTo("ping:custom from " + client);
            assertThat(events.next()).isEqualTo("pong:re: custom");
        }
    }

    @Test
    void onPingReturningNullSendsNoPong() {
        var config = config().pingPongHandler(new PingPongService() {
            @Override
            public byte[] onPing(Client client, byte[] data) {
                return new String(data, StandardCharsets.UTF_8).equals("silent") ? null : data;
            }
        }).build();
        try (Client client = new Client(url("/ws"), config)) {
            client.writeTextMessage("ping:silent");
            client.writeTextMessage("ping:loud");
            assertThat(events.next()).as("no pong for the first ping").isEqualTo("pong:loud");
        }
    }

    @Test
    void onPongReceivesTheServersAnswerToOurPing() {
        EventRecorder handled = new EventRecorder();
        var config = config().pingPongHandler(new PingPongService() {
            @Override
            public void onPong(Client client, byte[] data) {
                handled.record("pong:" + new String(data, StandardCharsets.UTF_8));
            }
        }).build();
        try (Client client = new Client(url("/ws"), config)) {
            client.ping("hello?".getBytes(StandardCharsets.UTF_8));
            assertThat(handled.next()).isEqualTo("pong:hello?");
        }
    }

    @Test
    void onPongReceivesAnUnsolicitedPongFromTheServer() {
        EventRecorder handled = new EventRecorder();
        var config = config().pingPongHandler(new PingPongService() {
            @Override
            public void onPong(Client client, byte[] data) {
                handled.record("pong:" + new String(data, StandardCharsets.UTF_8));
            }
        }).build();
        try (Client client = new Client(url("/ws"), config)) {
            client.writeTextMessage("pong:heartbeat");
            assertThat(handled.next()).isEqualTo("pong:heartbeat");
        }
    }
}
