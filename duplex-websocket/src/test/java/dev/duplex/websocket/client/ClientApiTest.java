package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.HandshakeResponse;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.UpgradeException;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.testkit.EventRecorder;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every method of {@link Client} against our own {@link Listener}. */
@Timeout(20)
class ClientApiTest {

    /** Echoes text and binary; "binary:x" answers x as binary; "close:code:reason" closes; records everything. */
    public static class Recording implements Service {
        private final EventRecorder events;

        public Recording(EventRecorder events) {
            this.events = events;
        }

        public void onOpen(Caller caller) {
            events.record("open");
        }

        public Object onTextMessage(Caller caller, String text) {
            events.record("text:" + text);
            if (text.startsWith("binary:")) {
                return text.substring("binary:".length()).getBytes(StandardCharsets.UTF_8);
            }
            if (text.startsWith("close:")) {
                String[] parts = text.split(":", 3);
                caller.close(Integer.parseInt(parts[1]), parts[2], Duration.ofSeconds(5));
                return null;
            }
            return text;
        }

        public byte[] onBinaryMessage(Caller caller, byte[] data) {
            events.record("binary:" + new String(data, StandardCharsets.UTF_8));
            return data;
        }

        public byte[] onPing(Caller caller, byte[] data) {
            events.record("ping:" + new String(data, StandardCharsets.UTF_8));
            return data;
        }

        public void onPong(Caller caller, byte[] data) {
            events.record("pong:" + new String(data, StandardCharsets.UTF_8));
        }

        public void onClose(Caller caller, int statusCode, String reason) {
            events.record("close:" + statusCode + ":" + reason);
        }
    }

    private final EventRecorder events = new EventRecorder();
    private Listener listener;

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/ws", request -> {
            events.record("upgrade:" + request.uri());
            return new Recording(events);
        });
        listener.attach("/cookie", request -> {
            request.addResponseHeader("Set-Cookie", "session=abc123; Path=/; HttpOnly");
            request.addResponseHeader("X-Served-By", "duplex-test");
            return new Recording(events);
        });
        listener.attach("/secret", request -> {
            throw new UpgradeException(401, "log in first").withHeader("WWW-Authenticate", "Basic realm=\"duplex\"");
        });
        listener.start();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + listener.getPort() + path;
    }

    private Client connect() {
        Client client = new Client(url("/ws"));
        assertThat(events.next()).startsWith("upgrade:");
        assertThat(events.next()).isEqualTo("open");
        return client;
    }

    // ---- connecting ----

    @Test
    void constructorConnectsAndCompletesTheHandshake() {
        try (Client client = new Client(url("/ws"))) {
            assertThat(client.isOpen()).isTrue();
            assertThat(events.next()).isEqualTo("upgrade:/ws");
            assertThat(events.next()).isEqualTo("open");
        }
    }

    @Test
    void pathAndQueryStringReachTheServerAsSent() {
        try (Client client = new Client(url("/ws?room=blue%20sky&user=ann"))) {
            assertThat(events.next()).isEqualTo("upgrade:/ws?room=blue%20sky&user=ann");
        }
    }

    @Test
    void connectingToAPortNobodyListensOnFailsWithConnectionException() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            freePort = probe.getLocalPort();
        }
        assertThatThrownBy(() -> new Client("ws://127.0.0.1:" + freePort + "/ws"))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("127.0.0.1:" + freePort);
    }

    @Test
    void httpSchemeIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> new Client("http://127.0.0.1:" + listener.getPort() + "/ws"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://127.0.0.1:" + listener.getPort() + "/ws");
        events.assertExhausted();
    }

    @Test
    void connectsToAnIpv6LoopbackListener() {
        Assumptions.assumeTrue(ipv6LoopbackWorks(), "IPv6 loopback (::1) is not available on this machine");
        Listener ipv6 = new Listener(0, ListenerConfiguration.builder().host("::1").build());
        ipv6.attach("/ws", request -> {
            events.record("host:" + request.header("Host"));
            return new Recording(events);
        });
        ipv6.start();
        try (Client client = new Client("ws://[::1]:" + ipv6.getPort() + "/ws")) {
            assertThat(events.next()).isEqualTo("host:[::1]:" + ipv6.getPort());
            client.writeTextMessage("over IPv6");
            assertThat(client.readTextMessage()).isEqualTo("over IPv6");
        } finally {
            ipv6.immediateStop();
        }
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException unavailable) {
            return false;
        }
    }

    // ---- writing ----

    @Test
    void writeTextMessageSendsText() {
        try (Client client = connect()) {
            client.writeTextMessage("héllo wörld ✓");
            assertThat(events.next()).isEqualTo("text:héllo wörld ✓");
        }
    }

    @Test
    void writeBinaryMessageSendsBinary() {
        try (Client client = connect()) {
            client.writeBinaryMessage("bytes".getBytes(StandardCharsets.UTF_8));
            assertThat(events.next()).isEqualTo("binary:bytes");
        }
    }

    @Test
    void writeMessageSendsAStringAsText() {
        try (Client client = connect()) {
            client.writeMessage("as text");
            assertThat(events.next()).isEqualTo("text:as text");
        }
    }

    @Test
    void writeMessageSendsBytesAndByteBuffersAsBinary() {
        try (Client client = connect()) {
            client.writeMessage("array".getBytes(StandardCharsets.UTF_8));
            assertThat(events.next()).isEqualTo("binary:array");
            ByteBuffer buffer = ByteBuffer.wrap("xxbufferxx".getBytes(StandardCharsets.UTF_8), 2, 6);
            client.writeMessage(buffer);
            assertThat(events.next()).isEqualTo("binary:buffer");
            assertThat(buffer.position()).as("the buffer's position is left alone").isEqualTo(2);
        }
    }

    /** A value the JSON codec cannot encode: its only property fails. */
    public static final class Unencodable {
        public String getValue() {
            throw new IllegalStateException("this value cannot be read");
        }
    }

    @Test
    void writeMessageOfAValueTheCodecCannotEncodeFailsAndTheConnectionStaysUsable() {
        try (Client client = connect()) {
            assertThatThrownBy(() -> client.writeMessage(new Unencodable()))
                    .isInstanceOf(dev.duplex.websocket.DataBindingException.class)
                    .hasMessageContaining(Unencodable.class.getName());
            client.writeTextMessage("still here");
            assertThat(client.readTextMessage()).isEqualTo("still here");
        }
    }

    @Test
    void pingReachesTheServer() {
        try (Client client = connect()) {
            client.ping("are you there".getBytes(StandardCharsets.UTF_8));
            assertThat(events.next()).isEqualTo("ping:are you there");
        }
    }

    @Test
    void pongReachesTheServer() {
        try (Client client = connect()) {
            client.pong("unsolicited".getBytes(StandardCharsets.UTF_8));
            assertThat(events.next()).isEqualTo("pong:unsolicited");
        }
    }

    @Test
    void pingOver125BytesIsRefusedAndNothingIsSent() {
        try (Client client = connect()) {
            assertThatThrownBy(() -> client.ping(new byte[126]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("125");
            client.ping("next".getBytes(StandardCharsets.UTF_8));
            assertThat(events.next()).as("the refused ping never reached the server").isEqualTo("ping:next");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void pongOver125BytesIsRefusedAndNothingIsSent() {
        try (Client client = connect()) {
            assertThatThrownBy(() -> client.pong(new byte[200]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("125");
            client.pong("next".getBytes(StandardCharsets.UTF_8));
            assertThat(events.next()).isEqualTo("pong:next");
        }
    }

    @Test
    void pingOfExactly125BytesIsSent() {
        try (Client client = connect()) {
            client.ping("p".repeat(125).getBytes(StandardCharsets.UTF_8));
            assertThat(events.next()).isEqualTo("ping:" + "p".repeat(125));
        }
    }

    // ---- reading ----

    @Test
    void readTextMessageReturnsTheNextTextMessage() {
        try (Client client = connect()) {
            client.writeTextMessage("one");
            client.writeTextMessage("two");
            assertThat(client.readTextMessage()).isEqualTo("one");
            assertThat(client.readTextMessage()).isEqualTo("two");
        }
    }

    @Test
    void readBinaryMessageReturnsTheNextBinaryMessage() {
        try (Client client = connect()) {
            client.writeBinaryMessage(new byte[] {0, 1, 2, (byte) 255});
            assertThat(client.readBinaryMessage()).containsExactly(0, 1, 2, 255);
        }
    }

    @Test
    void readMessageReturnsTextAsAStringAndBinaryAsBytes() {
        try (Client client = connect()) {
            client.writeTextMessage("text");
            client.writeTextMessage("binary:bin");
            assertThat(client.readMessage()).isEqualTo("text");
            assertThat(client.readMessage()).isInstanceOf(byte[].class)
                    .isEqualTo("bin".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void readTextMessageOfABinaryMessageFailsAndTheMessageStaysQueued() {
        try (Client client = connect()) {
            client.writeTextMessage("binary:keep me");
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOf(WebSocketException.class)
                    .hasMessageContaining("binary");
            assertThat(client.readBinaryMessage()).isEqualTo("keep me".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void readBinaryMessageOfATextMessageFailsAndTheMessageStaysQueued() {
        try (Client client = connect()) {
            client.writeTextMessage("keep me");
            assertThatThrownBy(client::readBinaryMessage)
                    .isInstanceOf(WebSocketException.class)
                    .hasMessageContaining("text");
            assertThat(client.readMessage()).isEqualTo("keep me");
        }
    }

    @Test
    void emptyMessagesAreDelivered() {
        try (Client client = connect()) {
            client.writeTextMessage("");
            client.writeBinaryMessage(new byte[0]);
            assertThat(client.readTextMessage()).isEmpty();
            assertThat(client.readBinaryMessage()).isEmpty();
        }
    }

    @Test
    void serverCloseIsReportedByTheReadAfterTheMessagesThatCameBeforeIt() {
        try (Client client = connect()) {
            client.writeTextMessage("first");
            client.writeTextMessage("close:4001:server says bye");
            assertThat(client.readTextMessage()).isEqualTo("first");
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class, closed -> {
                        assertThat(closed.closeCode()).isEqualTo(4001);
                        assertThat(closed.reason()).isEqualTo("server says bye");
                    });
            assertThatThrownBy(client::readMessage)
                    .as("every later read fails the same way")
                    .isInstanceOfSatisfying(ConnectionClosureException.class,
                            closed -> assertThat(closed.closeCode()).isEqualTo(4001));
            assertThat(client.isOpen()).isFalse();
        }
    }

    // ---- closing ----

    @Test
    void closeSendsTheCodeAndReasonAndWaitsForTheEcho() {
        Client client = connect();
        client.close(4000, "done here", Duration.ofSeconds(5));

        assertThat(events.next()).isEqualTo("close:4000:done here");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void closeWithoutArgumentsSends1000() {
        Client client = connect();
        client.close();

        assertThat(events.next()).isEqualTo("close:1000:");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void closeWithZeroTimeoutReturnsAtOnceAndDropsTheConnection() {
        Client client = connect();
        client.close(1001, "leaving", Duration.ZERO);

        assertThat(client.isOpen()).isFalse();
        assertThat(events.next()).isEqualTo("close:1001:leaving");
    }

    @Test
    void closeWithTimeoutMinusOneWaitsForTheEcho() {
        Client client = connect();
        client.close(1000, "", Duration.ofSeconds(-1));

        assertThat(events.next()).isEqualTo("close:1000:");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void secondCloseFailsWithConnectionClosureException() {
        Client client = connect();
        client.close(1000, "", Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.close(1000, "again", Duration.ofSeconds(5)))
                .isInstanceOf(ConnectionClosureException.class);
    }

    @Test
    void closeOfAnAutoCloseableClientTwiceIsHarmless() {
        Client client = connect();
        client.close();
        client.close();

        assertThat(events.next()).isEqualTo("close:1000:");
        events.assertExhausted();
    }

    @Test
    void writeAfterCloseFailsWithConnectionClosureException() {
        Client client = connect();
        client.close();

        assertThatThrownBy(() -> client.writeTextMessage("too late"))
                .isInstanceOf(ConnectionClosureException.class);
        assertThatThrownBy(() -> client.writeBinaryMessage(new byte[1]))
                .isInstanceOf(ConnectionClosureException.class);
        assertThatThrownBy(() -> client.ping(new byte[1]))
                .isInstanceOf(ConnectionClosureException.class);
    }

    @Test
    void readAfterCloseFailsAtOnce() {
        Client client = connect();
        client.close();

        assertThatThrownBy(client::readTextMessage).isInstanceOf(ConnectionClosureException.class);
    }

    @Test
    void closeWithAnInvalidCodeIsRefusedAndNothingIsSent() {
        try (Client client = connect()) {
            assertThatThrownBy(() -> client.close(1005, "", Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1005");
            assertThatThrownBy(() -> client.close(5000, "", Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(client.isOpen()).isTrue();
            client.writeTextMessage("still open");
            assertThat(client.readTextMessage()).isEqualTo("still open");
        }
    }

    @Test
    void closeWithAReasonOver123BytesIsRefused() {
        try (Client client = connect()) {
            assertThatThrownBy(() -> client.close(1000, "r".repeat(124), Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("123");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void closeWithANegativeTimeoutOtherThanMinusOneIsRefused() {
        try (Client client = connect()) {
            assertThatThrownBy(() -> client.close(1000, "", Duration.ofSeconds(-2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout");
            assertThat(client.isOpen()).isTrue();
        }
    }

    // ---- information ----

    @Test
    void connectionIdIsStableAndDiffersBetweenClients() {
        try (Client first = connect(); Client second = connect()) {
            assertThat(first.getConnectionId()).isNotBlank().isEqualTo(first.getConnectionId());
            assertThat(second.getConnectionId()).isNotEqualTo(first.getConnectionId());
        }
    }

    @Test
    void negotiatedSubProtocolIsEmptyWhenNoneWasAsked() {
        try (Client client = connect()) {
            assertThat(client.getNegotiatedSubProtocol()).isEmpty();
        }
    }

    @Test
    void isSecureIsFalseForWs() {
        try (Client client = connect()) {
            assertThat(client.isSecure()).isFalse();
        }
    }

    @Test
    void isOpenTurnsFalseWhenTheServerCloses() {
        try (Client client = connect()) {
            assertThat(client.isOpen()).isTrue();
            client.writeTextMessage("close:1000:bye");
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        }
    }

    @Test
    void attributesAreStoredReadAndRemoved() {
        try (Client client = connect()) {
            client.setAttribute("user", "ann");
            client.setAttribute("count", 3);

            assertThat(client.getAttribute("user")).isEqualTo("ann");
            assertThat(client.getAttribute("count")).isEqualTo(3);
            assertThat(client.removeAttribute("user")).isEqualTo("ann");
            assertThat(client.getAttribute("user")).isNull();
            assertThat(client.removeAttribute("missing")).isNull();
            client.setAttribute("count", null);
            assertThat(client.getAttribute("count")).as("a null value removes the attribute").isNull();
        }
    }

    @Test
    void httpResponseIsThe101WithItsHeadersAndCookies() {
        try (Client client = new Client(url("/cookie"))) {
            HandshakeResponse response = client.getHttpResponse();

            assertThat(response.status()).isEqualTo(101);
            assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(response.header("x-served-by")).isEqualTo("duplex-test");
            assertThat(response.header("Sec-WebSocket-Accept")).isNotBlank();
            assertThat(response.body()).isEmpty();
            assertThat(response.cookies()).extracting(HttpCookie::getName, HttpCookie::getValue)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("session", "abc123"));
        }
    }

    @Test
    void refusedHandshakeThrowsInvalidHandshakeExceptionWithStatusHeadersAndBody() {
        AtomicReference<InvalidHandshakeException> refusal = new AtomicReference<>();
        assertThatThrownBy(() -> new Client(url("/secret")))
                .isInstanceOfSatisfying(InvalidHandshakeException.class, refusal::set);

        InvalidHandshakeException e = refusal.get();
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("401");
        assertThat(e.response().header("WWW-Authenticate")).isEqualTo("Basic realm=\"duplex\"");
        assertThat(e.headers()).containsKey("www-authenticate");
        assertThat(e.body()).contains("log in first");
    }

    @Test
    void handshakeForAPathWithoutServiceFailsWith404() {
        assertThatThrownBy(() -> new Client(url("/nowhere")))
                .isInstanceOfSatisfying(InvalidHandshakeException.class,
                        e -> assertThat(e.status()).isEqualTo(404));
    }
}
