package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.HttpResponse;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec §2.1 {@code http1Settings}: keep-alive for responses that do not upgrade ({@code NEVER}, {@code ALWAYS},
 * {@code AUTO}), and pipelined requests answered in order, at most {@code maxPipelinedRequests} waiting while one is
 * being decided.
 */
class KeepAliveAndPipeliningTest {
    private static final Duration SILENCE = Duration.ofMillis(300);

    private Listener listener;
    private int port;
    /** Holds the upgrade service at /slow until the test releases it. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowEntered = new CountDownLatch(1);

    /** Echoes text messages back. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    private void start(KeepAlive keepAlive, int maxPipelinedRequests) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .timeout(Duration.ofSeconds(5))
                .http1Settings(new Http1Settings(keepAlive, maxPipelinedRequests)).build());
        listener.attach("/ws", request -> new Echo());
        listener.attach("/slow", request -> {
            slowEntered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UpgradeException(403, "decided slowly");
        });
        // EVENT_LOOP services decide on the event loop, within the read that brought the request.
        WsServiceConfig onEventLoop = WsServiceConfig.builder().dispatchMode(DispatchMode.EVENT_LOOP).build();
        listener.attach("/loop", request -> new Echo(), onEventLoop);
        listener.attach("/loop-refuses", request -> {
            throw new UpgradeException(403, "refused on the event loop");
        }, onEventLoop);
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        release.countDown();
        listener.immediateStop();
    }

    private static String get(String path, String... headerLines) {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: h\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    private static void send(RawWebSocket raw, String text) throws IOException {
        raw.sendRaw(text.getBytes(StandardCharsets.US_ASCII));
    }

    // ---- bytes behind the upgrade request ----

    @ParameterizedTest
    @ValueSource(strings = {"/ws", "/loop"})
    void aFramePipelinedRightBehindTheUpgradeRequestIsHandledAsAFrame(String path) throws IOException {
        start(KeepAlive.AUTO, 10);
        byte[] request = RawWebSocket.upgradeRequest(port, path).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = RawWebSocket.encodeFrame(true, 0, RawWebSocket.OP_TEXT,
                "right behind".getBytes(StandardCharsets.UTF_8), true);
        byte[] together = new byte[request.length + frame.length];
        System.arraycopy(request, 0, together, 0, request.length);
        System.arraycopy(frame, 0, together, request.length, frame.length);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            raw.sendRaw(together);

            assertThat(raw.readHttpResponse().status()).isEqualTo(101);
            assertThat(raw.readFrame().text()).isEqualTo("right behind");
        }
    }

    @Test
    void aRequestPipelinedBehindARefusedUpgradeIsStillAnswered() throws IOException {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, RawWebSocket.upgradeRequest(port, "/missing") + RawWebSocket.upgradeRequest(port, "/ws"));

            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
            assertThat(raw.readHttpResponse().status()).isEqualTo(101);
            raw.sendText("after both");
            assertThat(raw.readFrame().text()).isEqualTo("after both");
        }
    }

    // ---- keepAlive ----

    @Test
    void keepAliveNeverClosesTheConnectionAfterAnErrorResponse() throws IOException {
        start(KeepAlive.NEVER, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, get("/missing", "Connection: keep-alive"));
            HttpResponse response = raw.readHttpResponse();

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void keepAliveAlwaysKeepsTheConnectionEvenWhenTheClientAsksToClose() throws IOException {
        start(KeepAlive.ALWAYS, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, get("/missing", "Connection: close"));
            HttpResponse first = raw.readHttpResponse();
            assertThat(first.status()).isEqualTo(404);
            assertThat(first.header("Connection")).isEqualToIgnoringCase("keep-alive");

            send(raw, get("/ws"));
            assertThat(raw.readHttpResponse().status()).isEqualTo(426);
        }
    }

    @Test
    void keepAliveAutoClosesWhenTheClientSendsConnectionClose() throws IOException {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, get("/missing", "Connection: close"));

            assertThat(raw.readHttpResponse().header("Connection")).isEqualToIgnoringCase("close");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void keepAliveAutoKeepsAnHttp11ConnectionThatDoesNotAskToClose() throws IOException {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, get("/missing"));
            assertThat(raw.readHttpResponse().status()).isEqualTo(404);

            send(raw, get("/also-missing"));
            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
        }
    }

    @Test
    void keepAliveAutoClosesAnHttp10ConnectionWithoutKeepAlive() throws IOException {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, "GET /missing HTTP/1.0\r\n\r\n");

            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aConnectionKeptAliveAfterARefusalCanThenBeUpgraded() throws IOException {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, get("/missing"));
            assertThat(raw.readHttpResponse().status()).isEqualTo(404);

            send(raw, RawWebSocket.upgradeRequest(port, "/ws"));
            assertThat(raw.readHttpResponse().status()).isEqualTo(101);
            raw.sendText("upgraded on a reused connection");
            assertThat(raw.readFrame().text()).isEqualTo("upgraded on a reused connection");
        }
    }

    @Test
    void aLimitRefusalClosesTheConnectionEvenWithKeepAliveAlways() throws IOException {
        start(KeepAlive.ALWAYS, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, get("/" + "x".repeat(5000)));

            assertThat(raw.readHttpResponse().status()).isEqualTo(414);
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    // ---- pipelining ----

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, RawWebSocket.upgradeRequest(port, "/slow") + get("/missing") + get("/ws"));
            assertThat(slowEntered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(raw.receivesNothingWithin(SILENCE)).as("nothing is answered before the first").isTrue();

            release.countDown();
            assertThat(raw.readHttpResponse().status()).isEqualTo(403);
            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
            assertThat(raw.readHttpResponse().status()).isEqualTo(426);
        }
    }

    @Test
    void aPipelinedUpgradeFollowingARefusalIsAccepted() throws IOException {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, get("/missing") + RawWebSocket.upgradeRequest(port, "/ws"));

            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
            assertThat(raw.readHttpResponse().status()).isEqualTo(101);
            raw.sendText("after pipelining");
            assertThat(raw.readFrame().text()).isEqualTo("after pipelining");
        }
    }

    @Test
    void anEventLoopServicesRefusalAndTheUpgradePipelinedBehindItAreAnsweredInOrder() throws IOException {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, RawWebSocket.upgradeRequest(port, "/loop-refuses") + get("/missing")
                    + RawWebSocket.upgradeRequest(port, "/loop"));

            HttpResponse refusal = raw.readHttpResponse();
            assertThat(refusal.status()).isEqualTo(403);
            assertThat(refusal.body()).isEqualTo("refused on the event loop");
            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
            assertThat(raw.readHttpResponse().status()).isEqualTo(101);
            raw.sendText("decided inline");
            assertThat(raw.readFrame().text()).isEqualTo("decided inline");
        }
    }

    @Test
    void maxPipelinedRequestsWaitingAreAllAnswered() throws Exception {
        start(KeepAlive.AUTO, 2);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, RawWebSocket.upgradeRequest(port, "/slow") + get("/missing") + get("/missing"));
            assertThat(slowEntered.await(5, TimeUnit.SECONDS)).isTrue();

            release.countDown();
            assertThat(raw.readHttpResponse().status()).isEqualTo(403);
            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
        }
    }

    @Test
    void moreThanMaxPipelinedRequestsWaitingGet503AndTheConnectionCloses() throws Exception {
        start(KeepAlive.AUTO, 2);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, RawWebSocket.upgradeRequest(port, "/slow") + get("/missing") + get("/missing")
                    + get("/missing"));

            HttpResponse response = raw.readHttpResponse();
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).contains("2");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void requestsPipelinedAfterConnectionCloseAreNotAnswered() throws IOException {
        start(KeepAlive.AUTO, 10);

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            send(raw, get("/missing", "Connection: close") + get("/ws"));

            assertThat(raw.readHttpResponse().status()).isEqualTo(404);
            assertThatThrownBy(raw::readHttpResponse).isInstanceOf(EOFException.class);
        }
    }
}
