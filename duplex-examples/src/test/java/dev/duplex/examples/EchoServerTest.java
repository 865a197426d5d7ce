package dev.duplex.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Listener;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The spec's §6 Listener sample, as a user would run it, talking to the JDK's WebSocket client. */
class EchoServerTest {
    private static final long TIMEOUT_SECONDS = 10;

    private Listener listener;

    /** Completes its futures with the first whole text and binary messages the JDK client receives. */
    static final class FirstMessages implements WebSocket.Listener {
        final CompletableFuture<String> text = new CompletableFuture<>();
        final CompletableFuture<byte[]> binary = new CompletableFuture<>();
        /** Parts of the messages being received; touched only by the JDK's (serial) listener calls. */
        private final StringBuilder textParts = new StringBuilder();
        private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            textParts.append(data);
            if (last) {
                text.complete(textParts.toString());
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binaryParts.writeBytes(bytes);
            if (last) {
                binary.complete(binaryParts.toByteArray());
            }
            webSocket.request(1);
            return null;
        }
    }

    @BeforeEach
    void startSample() {
        listener = EchoServer.start(0);
    }

    @AfterEach
    void stopSample() {
        listener.immediateStop();
    }

    private WebSocket connect(FirstMessages messages) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + listener.getPort() + "/basic/ws"), messages)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void echoesATextMessage() throws Exception {
        var messages = new FirstMessages();
        WebSocket webSocket = connect(messages);

        webSocket.sendText("Text message", true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(messages.text.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("Text message");
    }

    @Test
    void echoesABinaryMessage() throws Exception {
        var messages = new FirstMessages();
        WebSocket webSocket = connect(messages);

        webSocket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF}), true)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(messages.binary.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 0xFF);
    }

    @Test
    void answers404ForAPathWithoutAService() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + listener.getPort() + "/elsewhere")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }
}
