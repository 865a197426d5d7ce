package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's side of the opening handshake (RFC 6455 §4.2.1, §4.2.2, §4.4): what makes a request a valid upgrade,
 * what each fault is answered with, and the 101 that accepts.
 */
class HandshakeValidationTest {
    /** RFC 6455 §1.3's example key and the accept value it must produce. */
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private Listener listener;
    private int port;

    /** Echoes text messages back. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .timeout(Duration.ofSeconds(5)).build());
        listener.attach("/ws", request -> new Echo());
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    /** A request to /ws with the given header lines (each without CRLF). */
    private HttpResponse send(String requestLine, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return RawWebSocket.http(port, request.append("\r\n").toString());
    }

    private String host() {
        return "Host: 127.0.0.1:" + port;
    }

    // ---- the accepting 101 ----

    @Test
    void answers101WithTheAcceptValueOfRfc6455sExample() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RFC_KEY, "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(RFC_ACCEPT);
    }

    @Test
    void the101CarriesUpgradeWebsocketAndConnectionUpgrade() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            HttpResponse response = ws.handshakeResponse();
            assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("Upgrade");
        }
    }

    @Test
    void acceptsHeaderTokensInAnyCaseAndAmongOthers() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "upgrade: WebSocket",
                "connection: keep-alive, Upgrade", "sec-websocket-key: " + RFC_KEY, "sec-websocket-version: 13");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(RFC_ACCEPT);
    }

    @Test
    void theJdkWebSocketClientCompletesTheHandshakeAndExchangesAMessage() throws Exception {
        var reply = new CompletableFuture<String>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try {
            ws.sendText("over the JDK client", true);
            assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("over the JDK client");
        } finally {
            ws.abort();
        }
    }

    // ---- Sec-WebSocket-Key ----

    @Test
    void answers400WhenSecWebSocketKeyIsMissing() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Sec-WebSocket-Key");
    }

    @Test
    void answers400WhenSecWebSocketKeyIsNotBase64() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: this is not base64!!!!!", "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void answers400WhenSecWebSocketKeyIsNotSixteenBytes() throws IOException {
        // base64 of 15 bytes
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA", "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(400);
    }

    // ---- Sec-WebSocket-Version ----

    @Test
    void answers426WithVersion13WhenSecWebSocketVersionIsMissing() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RFC_KEY);

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void answers426WithVersion13WhenSecWebSocketVersionIs8() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RFC_KEY, "Sec-WebSocket-Version: 8");

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    // ---- method, Upgrade, Connection, HTTP version, Host ----

    @Test
    void answers405ToAnUpgradeRequestThatIsNotAGet() throws IOException {
        HttpResponse response = send("POST /ws HTTP/1.1", host(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RFC_KEY, "Sec-WebSocket-Version: 13", "Content-Length: 0");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET");
    }

    @Test
    void answers426ToAPlainGetWithoutUpgrade() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host());

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void answers426WhenUpgradeNamesAnotherProtocol() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: h2c", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RFC_KEY, "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(426);
    }

    @Test
    void answers400WhenConnectionDoesNotContainUpgrade() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: websocket", "Connection: keep-alive",
                "Sec-WebSocket-Key: " + RFC_KEY, "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Connection");
    }

    @Test
    void answers400WhenTheConnectionHeaderIsMissing() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host(), "Upgrade: websocket",
                "Sec-WebSocket-Key: " + RFC_KEY, "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void answers400ToAnUpgradeOverHttp10() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.0", host(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RFC_KEY, "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void answers400WhenHostIsMissing() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RFC_KEY, "Sec-WebSocket-Version: 13");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Host");
    }

    @Test
    void answers400ToARequestThatIsNotHttp() throws IOException {
        HttpResponse response = RawWebSocket.http(port, "HELLO THERE\r\n\r\n");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void keepsServingAfterRefusingABadHandshake() throws IOException {
        assertThat(send("GET /ws HTTP/1.1", host()).status()).isEqualTo(426);

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            ws.sendText("fine");
            assertThat(ws.readFrame().text()).isEqualTo("fine");
        }
    }

    @Test
    void refusalsCarryAPlainTextBodyWithItsLength() throws IOException {
        HttpResponse response = send("GET /ws HTTP/1.1", host());

        assertThat(response.header("Content-Type")).startsWith("text/plain");
        assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(response.body().length()));
        assertThat(response.body()).isNotBlank();
    }
}
