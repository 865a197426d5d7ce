package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push client ({@link Client#connect(String, ClientConfiguration, Service)}): incoming messages go to the same
 * remote methods a listener's service has, and what they return goes back to the server.
 */
class PushClientTest {
    private static final long TIMEOUT = 10;

    /** The server side: records what it receives and sends what the test asks it to. */
    public static class ServerSide implements Service {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Caller> opened = new CompletableFuture<>();
        final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();

        public void onOpen(Caller caller) {
            opened.complete(caller);
        }

        public void onTextMessage(String text) {
            received.add(text);
        }

        public void onBinaryMessage(byte[] data) {
            received.add(data);
        }

        public void onPong(byte[] payload) {
            pongs.add(new String(payload, StandardCharsets.UTF_8));
        }
    }

    /** A client service with the plain methods; replies "got ..." to text. */
    public static class Plain implements Service {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<String> pinged = new CompletableFuture<>();

        public String onOpen(Caller caller) {
            events.add("open " + caller.isOpen());
            return "hello from the client";
        }

        public String onTextMessage(Caller caller, String text) {
            events.add("text " + text);
            return "got " + text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            events.add("binary " + data.length);
            return new byte[] {(byte) data.length};
        }

        public byte[] onPing(byte[] payload) {
            pinged.complete(new String(payload, StandardCharsets.UTF_8));
            return "custom pong".getBytes(StandardCharsets.UTF_8);
        }

        public void onClose(int statusCode, String reason) {
            events.add("close " + statusCode + " " + reason);
            closed.complete(statusCode);
        }
    }

    public record Greeting(String name, int times) {
    }

    /** Binds every message to a record. */
    public static class Binding implements Service {
        final CompletableFuture<Greeting> greeting = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();

        public Greeting onMessage(Greeting greeting) {
            this.greeting.complete(greeting);
            return new Greeting(greeting.name().toUpperCase(), greeting.times() + 1);
        }

        public void onError(Throwable failure) {
            error.complete(failure);
        }
    }

    public record Subscribe(String event, String topic) {
    }

    public record Ticker(String event, String symbol) {
    }

    /** Custom dispatch by the "event" field. */
    @ServiceConfig(dispatcherKey = "event")
    public static class Events implements Service {
        final CompletableFuture<Subscribe> subscribed = new CompletableFuture<>();
        final CompletableFuture<Ticker> ticked = new CompletableFuture<>();

        public String onSubscribe(Subscribe subscribe) {
            subscribed.complete(subscribe);
            return "subscribed to " + subscribe.topic();
        }

        public void onTicker(Ticker ticker) {
            ticked.complete(ticker);
        }
    }

    /** A service with a remote method of the wrong shape. */
    public static class Broken implements Service {
        public void onTextMessage(String text, int extra) {
        }
    }

    private Listener listener;
    private ServerSide server;
    private String url;

    @BeforeEach
    void start() {
        server = new ServerSide();
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/push", request -> server);
        listener.start();
        url = "ws://127.0.0.1:" + listener.getPort() + "/push";
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private Caller serverCaller() throws Exception {
        return server.opened.get(TIMEOUT, TimeUnit.SECONDS);
    }

    @Test
    void callsOnOpenAndSendsWhatItReturnsToTheServer() throws Exception {
        var service = new Plain();
        try (var client = Client.connect(url, ClientConfiguration.DEFAULT, service)) {
            assertThat(server.received.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("hello from the client");
            assertThat(service.events).containsExactly("open true");
        }
    }

    @Test
    void dispatchesTextAndBinaryMessagesInOrderAndSendsBackTheReplies() throws Exception {
        var service = new Plain();
        try (var client = Client.connect(url, ClientConfiguration.DEFAULT, service)) {
            server.received.poll(TIMEOUT, TimeUnit.SECONDS);
            Caller caller = serverCaller();
            for (int i = 0; i < 20; i++) {
                caller.writeTextMessage("news " + i);
            }
            caller.writeBinaryMessage(new byte[7]);
            for (int i = 0; i < 20; i++) {
                assertThat(server.received.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("got news " + i);
            }
            assertThat((byte[]) server.received.poll(TIMEOUT, TimeUnit.SECONDS)).containsExactly(7);
            assertThat(service.events).hasSize(22).startsWith("open true", "text news 0", "text news 1")
                    .endsWith("binary 7");
        }
    }

    @Test
    void bindsMessagesForOnMessageAndEncodesTheReturnedValueAsJson() throws Exception {
        var service = new Binding();
        try (var client = Client.connect(url, ClientConfiguration.DEFAULT, service)) {
            serverCaller().writeTextMessage("{\"name\":\"ada\",\"times\":2}");
            assertThat(service.greeting.get(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(new Greeting("ada", 2));
            assertThat(server.received.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("{\"name\":\"ADA\",\"times\":3}");
        }
    }

    @Test
    void reportsAMessageThatDoesNotBindToOnError() throws Exception {
        var service = new Binding();
        try (var client = Client.connect(url, ClientConfiguration.DEFAULT, service)) {
            serverCaller().writeTextMessage("not json");
            assertThat(service.error.get(TIMEOUT, TimeUnit.SECONDS)).isInstanceOf(DataBindingException.class);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void selectsCustomMethodsByTheDispatcherKeyOfItsServiceConfig() throws Exception {
        var service = new Events();
        try (var client = Client.connect(url, ClientConfiguration.DEFAULT, service)) {
            Caller caller = serverCaller();
            caller.writeTextMessage("{\"event\":\"subscribe\",\"topic\":\"prices\"}");
            caller.writeTextMessage("{\"event\":\"ticker\",\"symbol\":\"ACME\"}");
            assertThat(service.subscribed.get(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(new Subscribe("subscribe",
                    "prices"));
            assertThat(service.ticked.get(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(new Ticker("ticker", "ACME"));
            assertThat(server.received.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("subscribed to prices");
        }
    }

    @Test
    void passesPingsToOnPingAndSendsThePongItReturns() throws Exception {
        var service = new Plain();
        try (var client = Client.connect(url, ClientConfiguration.DEFAULT, service)) {
            serverCaller().ping("are you there".getBytes(StandardCharsets.UTF_8));
            assertThat(service.pinged.get(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("are you there");
            assertThat(server.pongs.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("custom pong");
        }
    }

    @Test
    void callsOnCloseOnceWithTheServersCloseCode() throws Exception {
        var service = new Plain();
        try (var client = Client.connect(url, ClientConfiguration.DEFAULT, service)) {
            serverCaller().close(4001, "done", Duration.ofSeconds(5));
            assertThat(service.closed.get(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(4001);
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
            assertThat(service.events).containsOnlyOnce("close 4001 done");
        }
    }

    @Test
    void callsOnCloseWhenTheClientClosesItself() throws Exception {
        var service = new Plain();
        var client = Client.connect(url, ClientConfiguration.DEFAULT, service);
        client.close();
        assertThat(service.closed.get(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void cannotBeReadFrom() throws Exception {
        try (var client = Client.connect(url, ClientConfiguration.DEFAULT, new Plain())) {
            assertThatThrownBy(client::readTextMessage).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Plain");
            client.writeTextMessage("writes still work");
            assertThat(server.received).isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.received.contains("writes still work"));
        }
    }

    @Test
    void refusesAServiceWithAWrongSignatureBeforeConnecting() {
        assertThatThrownBy(() -> Client.connect(url, ClientConfiguration.DEFAULT, new Broken()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("onTextMessage");
        assertThat(server.opened).isNotDone();
    }
}
