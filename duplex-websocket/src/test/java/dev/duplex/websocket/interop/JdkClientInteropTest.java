package dev.duplex.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.interop.InteropServices.CloseSeen;
import dev.duplex.websocket.interop.InteropServices.Closer;
import dev.duplex.websocket.interop.InteropServices.Echo;
import dev.duplex.websocket.interop.InteropServices.EchoReportingClose;
import dev.duplex.websocket.WsServiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interop with a client nobody here wrote: the JDK's {@link java.net.http.WebSocket} talks to our {@link Listener}
 * over real sockets on 127.0.0.1.
 */
class JdkClientInteropTest {
    private static final long TIMEOUT_SECONDS = 10;
    private static final int ONE_MIB = 1 << 20;

    private final HttpClient httpClient = HttpClient.newHttpClient();
    private Listener listener;

    /** Echoes every text and binary message. */
    /** Pings the client as soon as the connection opens and reports the pong. */
    public static class Pinger implements Service {
        private final CompletableFuture<byte[]> pong;

        public Pinger(CompletableFuture<byte[]> pong) {
            this.pong = pong;
        }

        public void onOpen(Caller caller) {
            caller.ping("are you there".getBytes(StandardCharsets.UTF_8));
        }

        public void onPong(byte[] data) {
            pong.complete(data);
        }
    }

    /** Answers every text message with the sub-protocol it agreed with the client, or "none". */
    public static class SubProtocolReporter implements Service {
        public String onTextMessage(Caller caller, String text) {
            return caller.getNegotiatedSubProtocol().orElse("none");
        }
    }

    /** An open JDK client connection and what it recorded. */
    record JdkPeer(WebSocket webSocket, RecordingJdkListener events) {
        void sendText(String text) throws Exception {
            webSocket.sendText(text, true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        void sendBinary(byte[] data) throws Exception {
            webSocket.sendBinary(ByteBuffer.wrap(data), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.start();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    private JdkPeer connect(String path, String... subProtocols) throws Exception {
        var events = new RecordingJdkListener();
        WebSocket.Builder builder = httpClient.newWebSocketBuilder();
        if (subProtocols.length > 0) {
            builder.subprotocols(subProtocols[0], List.of(subProtocols).subList(1, subProtocols.length)
                    .toArray(String[]::new));
        }
        WebSocket webSocket = builder.buildAsync(uri(path), events).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new JdkPeer(webSocket, events);
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + listener.getPort() + path);
    }

    private static byte[] patternOf(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i % 251);
        }
        return data;
    }

    @Test
    void echoesATextMessage() throws Exception {
        listener.attach("/echo", request -> new Echo());
        JdkPeer peer = connect("/echo");

        peer.sendText("hello from the JDK");

        assertThat(peer.events().nextText()).isEqualTo("hello from the JDK");
        peer.events().assertNoMoreEvents();
    }

    @Test
    void echoesABinaryMessage() throws Exception {
        listener.attach("/echo", request -> new Echo());
        JdkPeer peer = connect("/echo");

        peer.sendBinary(new byte[] {0, 1, 2, (byte) 0x80, (byte) 0xFF});

        assertThat(peer.events().nextBinary()).containsExactly(0, 1, 2, 0x80, 0xFF);
        peer.events().assertNoMoreEvents();
    }

    @Test
    void echoesAOneMebibyteBinaryMessageWhenTheLimitsAllowIt() throws Exception {
        listener.attach("/echo", request -> new Echo(),
                WsServiceConfig.builder().maxFrameSize(2 * ONE_MIB).maxMessageSize(2 * ONE_MIB).build());
        JdkPeer peer = connect("/echo");
        byte[] message = patternOf(ONE_MIB);

        peer.sendBinary(message);

        assertThat(peer.events().nextBinary()).isEqualTo(message);
    }

    @Test
    void echoesAOneMebibyteTextMessageFragmentedByTheDefaultMaxFrameSize() throws Exception {
        listener.attach("/echo", request -> new Echo(),
                WsServiceConfig.builder().maxMessageSize(2 * ONE_MIB).build());
        JdkPeer peer = connect("/echo");
        // 4-byte code points straddle the echo's 64 KiB frame boundaries, where it must split between them
        String message = "ab\uD83D\uDE00".repeat(ONE_MIB / 6);
        // sent in frames under the server's 64 KiB frame limit, never splitting a surrogate pair
        int start = 0;
        while (start < message.length()) {
            int end = Math.min(message.length(), start + 20_000);
            if (Character.isHighSurrogate(message.charAt(end - 1))) {
                end++;
            }
            peer.webSocket().sendText(message.substring(start, end), end == message.length())
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            start = end;
        }

        assertThat(peer.events().nextText()).isEqualTo(message);
    }

    @Test
    void echoesUnicodeTextIntact() throws Exception {
        listener.attach("/echo", request -> new Echo());
        JdkPeer peer = connect("/echo");
        String message = "emoji \uD83D\uDE80\uD83C\uDF0D\uD83D\uDC4B\uD83C\uDFFD, CJK 你好世界 日本語 한국어, "
                + "accents e\u0301 ñ, clef \uD834\uDD1E";

        peer.sendText(message);

        assertThat(peer.events().nextText()).isEqualTo(message);
    }

    @Test
    void deliversAFragmentedTextMessageToTheServiceWhole() throws Exception {
        listener.attach("/echo", request -> new Echo());
        JdkPeer peer = connect("/echo");

        for (String piece : List.of("Hel", "lo, ", "frag", "ments")) {
            peer.webSocket().sendText(piece, false).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        peer.webSocket().sendText("!", true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(peer.events().nextText()).isEqualTo("Hello, fragments!");
        peer.events().assertNoMoreEvents();
    }

    @Test
    void deliversAFragmentedBinaryMessageToTheServiceWhole() throws Exception {
        listener.attach("/echo", request -> new Echo());
        JdkPeer peer = connect("/echo");

        peer.webSocket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        peer.webSocket().sendBinary(ByteBuffer.wrap(new byte[] {3}), false).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        peer.webSocket().sendBinary(ByteBuffer.wrap(new byte[] {4, 5}), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(peer.events().nextBinary()).containsExactly(1, 2, 3, 4, 5);
        peer.events().assertNoMoreEvents();
    }

    @Test
    void answersTheClientsPingWithAPongCarryingTheSamePayload() throws Exception {
        listener.attach("/echo", request -> new Echo());
        JdkPeer peer = connect("/echo");

        peer.webSocket().sendPing(ByteBuffer.wrap("ping-1".getBytes(StandardCharsets.UTF_8)))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(peer.events().next(RecordingJdkListener.Pong.class).data())
                .isEqualTo("ping-1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passesTheClientsPongToOnPong() throws Exception {
        var pong = new CompletableFuture<byte[]>();
        listener.attach("/ping", request -> new Pinger(pong));
        JdkPeer peer = connect("/ping");

        assertThat(peer.events().next(RecordingJdkListener.Ping.class).data())
                .isEqualTo("are you there".getBytes(StandardCharsets.UTF_8));
        assertThat(pong.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("are you there".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void agreesOnTheFirstOfTheClientsSubProtocolsThatTheServiceAccepts() throws Exception {
        listener.attach("/sub", request -> new SubProtocolReporter(),
                WsServiceConfig.builder().subProtocols(List.of("chat", "superchat")).build());
        JdkPeer peer = connect("/sub", "xmpp", "superchat", "chat");

        peer.sendText("which?");

        assertThat(peer.webSocket().getSubprotocol()).isEqualTo("superchat");
        assertThat(peer.events().nextText()).isEqualTo("superchat");
    }

    @Test
    void agreesOnNoSubProtocolWhenTheServiceAcceptsNoneOfTheClients() throws Exception {
        listener.attach("/sub", request -> new SubProtocolReporter(),
                WsServiceConfig.builder().subProtocols(List.of("chat")).build());
        JdkPeer peer = connect("/sub", "xmpp");

        peer.sendText("which?");

        assertThat(peer.webSocket().getSubprotocol()).isEmpty();
        assertThat(peer.events().nextText()).isEqualTo("none");
    }

    @Test
    void passesTheClientsCloseCodeAndReasonToOnCloseAndEchoesTheCode() throws Exception {
        var closed = new CompletableFuture<CloseSeen>();
        listener.attach("/echo", request -> new EchoReportingClose(closed));
        JdkPeer peer = connect("/echo");

        peer.webSocket().sendClose(4000, "bye").get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new CloseSeen(4000, "bye"));
        assertThat(peer.events().next(RecordingJdkListener.Close.class).statusCode()).isEqualTo(4000);
        peer.events().assertNoMoreEvents();
    }

    @Test
    void closesWithTheCodeAndReasonOfTheCloseFrameTheServiceReturns() throws Exception {
        var closed = new CompletableFuture<CloseSeen>();
        listener.attach("/close", request -> new Closer(closed));
        JdkPeer peer = connect("/close");

        peer.sendText("please close");

        assertThat(peer.events().next(RecordingJdkListener.Close.class))
                .isEqualTo(new RecordingJdkListener.Close(4001, "done"));
        // the JDK answers the close frame with the same code once its onClose returns
        assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).statusCode()).isEqualTo(4001);
    }

    @Test
    void echoesOnFiftyConcurrentConnections() throws Exception {
        listener.attach("/echo", request -> new Echo());
        List<CompletableFuture<JdkPeer>> connecting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            var events = new RecordingJdkListener();
            connecting.add(httpClient.newWebSocketBuilder().buildAsync(uri("/echo"), events)
                    .thenApply(webSocket -> new JdkPeer(webSocket, events)));
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<JdkPeer> peers = connecting.stream().map(CompletableFuture::join).toList();

        IntStream.range(0, peers.size()).parallel().forEach(i -> peers.get(i).webSocket()
                .sendText("message " + i, true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join());

        for (int i = 0; i < peers.size(); i++) {
            assertThat(peers.get(i).events().nextText()).isEqualTo("message " + i);
        }
        assertThat(listener.getOpenConnections()).isEqualTo(50);
    }
}
