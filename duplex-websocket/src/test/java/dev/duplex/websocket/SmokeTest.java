package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SmokeTest {
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    @Test
    void echoes() throws Exception {
        var listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", r -> new Echo());
        listener.start();
        try {
            var got = new CompletableFuture<String>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + listener.getPort() + "/echo"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            got.complete(data.toString());
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("hello", true);
            assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
        } finally {
            listener.immediateStop();
        }
    }
}
