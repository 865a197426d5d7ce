package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spec §3.1: the upgrade service sees the HTTP upgrade request, may add headers to the 101, and decides whether the
 * connection is upgraded — by returning the service, or by refusing with an {@link UpgradeException}.
 */
class UpgradeServiceTest {
    private Listener listener;
    private int port;
    private final AtomicReference<UpgradeRequest> seen = new AtomicReference<>();

    /** Echoes text messages back. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    /** Sends the room of its upgrade request as soon as it opens. */
    public static class RoomAnnouncer implements Service {
        public void onOpen(Caller caller) {
            caller.writeTextMessage("room " + caller.getUpgradeRequest().pathParam("room"));
        }
    }

    /** onTextMessage takes an int: not a signature the spec allows. */
    public static class WrongTextParameter implements Service {
        public void onTextMessage(int number) {
        }
    }

    /** An upgrade service class declaring the service class it returns, so attach can check that class. */
    public static class UpgradesToWrongTextParameter implements UpgradeService {
        @Override
        public WrongTextParameter onUpgrade(UpgradeRequest request) {
            return new WrongTextParameter();
        }
    }

    /** An upgrade service class declaring a valid service class. */
    public static class UpgradesToEcho implements UpgradeService {
        @Override
        public Echo onUpgrade(UpgradeRequest request) {
            return new Echo();
        }
    }

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .timeout(Duration.ofSeconds(5)).build());
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    /** Attaches a service at {@code template} that records the request it sees and accepts. */
    private void attachRecording(String template) {
        listener.attach(template, request -> {
            seen.set(request);
            return new Echo();
        });
    }

    private HttpResponse upgrade(String path, String... headerLines) throws IOException {
        return RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, path, headerLines));
    }

    // ---- what the upgrade service sees ----

    @Test
    void seesThePercentDecodedPathAndTheRawUri() throws IOException {
        attachRecording("/rooms/{room}");

        assertThat(upgrade("/rooms/blue%20team?x=1").status()).isEqualTo(101);

        assertThat(seen.get().path()).isEqualTo("/rooms/blue team");
        assertThat(seen.get().uri()).isEqualTo("/rooms/blue%20team?x=1");
    }

    @Test
    void seesThePathAndQueryOfAnAbsoluteFormTarget() throws IOException {
        attachRecording("/ws");

        assertThat(upgrade("http://127.0.0.1:" + port + "/ws?x=1").status()).isEqualTo(101);

        assertThat(seen.get().path()).isEqualTo("/ws");
        assertThat(seen.get().queryParam("x")).isEqualTo("1");
    }

    @Test
    void seesThePathParametersOfTheMatchedTemplate() throws IOException {
        attachRecording("/rooms/{room}/users/{user}");

        assertThat(upgrade("/rooms/blue/users/ada").status()).isEqualTo(101);

        assertThat(seen.get().pathParam("room")).isEqualTo("blue");
        assertThat(seen.get().pathParam("user")).isEqualTo("ada");
        assertThat(seen.get().pathParam("missing")).isNull();
        assertThat(seen.get().pathParams()).containsExactly(Map.entry("room", "blue"), Map.entry("user", "ada"));
    }

    @Test
    void seesQueryParametersWithEveryValueDecoded() throws IOException {
        attachRecording("/ws");

        assertThat(upgrade("/ws?tag=a&tag=b&q=x%20y").status()).isEqualTo(101);

        assertThat(seen.get().queryParam("tag")).isEqualTo("a");
        assertThat(seen.get().queryParams().get("tag")).containsExactly("a", "b");
        assertThat(seen.get().queryParam("q")).isEqualTo("x y");
        assertThat(seen.get().queryParam("absent")).isNull();
    }

    @Test
    void seesHeadersWhateverTheCaseOfTheirNames() throws IOException {
        attachRecording("/ws");

        assertThat(upgrade("/ws", "X-Trace: one", "x-trace: two").status()).isEqualTo(101);

        assertThat(seen.get().header("X-TRACE")).isEqualTo("one");
        assertThat(seen.get().header("x-trace")).isEqualTo("one");
        assertThat(seen.get().headers("X-Trace")).containsExactly("one", "two");
        assertThat(seen.get().headers("X-Absent")).isEmpty();
        assertThat(seen.get().headers()).containsKey("x-trace").containsKey("sec-websocket-key");
    }

    @Test
    void seesTheCookiesOfTheRequest() throws IOException {
        attachRecording("/ws");

        assertThat(upgrade("/ws", "Cookie: session=abc123; theme=dark").status()).isEqualTo(101);

        assertThat(seen.get().cookies()).containsEntry("session", "abc123").containsEntry("theme", "dark");
    }

    @Test
    void seesTheRemoteAddressOfThePeer() throws IOException {
        attachRecording("/ws");

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            assertThat(seen.get().remoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(seen.get().remoteAddress().getPort()).isEqualTo(ws.socket().getLocalPort());
        }
    }

    @Test
    void seesTheRequestedSubProtocolsInTheClientsOrder() throws IOException {
        attachRecording("/ws");

        assertThat(upgrade("/ws", "Sec-WebSocket-Protocol: chat, json", "Sec-WebSocket-Protocol: xml").status())
                .isEqualTo(101);

        assertThat(seen.get().subProtocols()).containsExactly("chat", "json", "xml");
    }

    @Test
    void seesThatAPlainConnectionIsNotSecure() throws IOException {
        attachRecording("/ws");

        assertThat(upgrade("/ws").status()).isEqualTo(101);

        assertThat(seen.get().isSecure()).isFalse();
    }

    @Test
    void theCallerGivesTheUpgradeRequestThatOpenedTheConnection() throws IOException {
        listener.attach("/rooms/{room}", request -> new RoomAnnouncer());

        try (RawWebSocket ws = RawWebSocket.connect(port, "/rooms/lobby")) {
            assertThat(ws.readFrame().text()).isEqualTo("room lobby");
        }
    }

    // ---- accepting ----

    @Test
    void addResponseHeaderAppearsOnThe101() throws IOException {
        listener.attach("/ws", request -> {
            request.addResponseHeader("X-Room", "blue");
            request.addResponseHeader("Set-Cookie", "seen=yes");
            return new Echo();
        });

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            assertThat(ws.handshakeResponse().header("X-Room")).isEqualTo("blue");
            assertThat(ws.handshakeResponse().header("Set-Cookie")).isEqualTo("seen=yes");
        }
    }

    @Test
    void aSlowUpgradeServiceDoesNotHoldUpOtherUpgrades() throws Exception {
        var release = new CountDownLatch(1);
        listener.attach("/slow", request -> {
            awaitRelease(release);
            return new Echo();
        });
        listener.attach("/fast", request -> new Echo());
        CompletableFuture<HttpResponse> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return upgrade("/slow");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            try (RawWebSocket fast = RawWebSocket.connect(port, "/fast")) {
                fast.sendText("not held up");
                assertThat(fast.readFrame().text()).isEqualTo("not held up");
            }
            assertThat(slow).isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(slow.get(5, TimeUnit.SECONDS).status()).isEqualTo(101);
    }

    // ---- refusing ----

    @Test
    void anUpgradeExceptionRefusesWithItsStatusBodyAndHeaders() throws IOException {
        listener.attach("/ws", request -> {
            throw new UpgradeException(401, "log in first").withHeader("WWW-Authenticate", "Basic realm=\"chat\"");
        });

        HttpResponse response = upgrade("/ws");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("log in first");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"chat\"");
    }

    @Test
    void anUpgradeExceptionWith403RefusesWith403() throws IOException {
        listener.attach("/ws", request -> {
            throw new UpgradeException(403, "room is full");
        });

        HttpResponse response = upgrade("/ws");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("room is full");
    }

    @Test
    void anAuthorizationExceptionRefusesWith403() throws IOException {
        listener.attach("/ws", request -> {
            throw new AuthorizationException("members only");
        });

        HttpResponse response = upgrade("/ws");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("members only");
    }

    @Test
    void anUpgradeExceptionWith503RefusesWith503AndRetryAfter() throws IOException {
        listener.attach("/ws", request -> {
            throw new UpgradeException(503, "busy").withHeader("Retry-After", "30");
        });

        HttpResponse response = upgrade("/ws");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("30");
    }

    @Test
    void anUpgradeExceptionWithoutAStatusRefusesWith400() throws IOException {
        listener.attach("/ws", request -> {
            throw new UpgradeException("no room given");
        });

        HttpResponse response = upgrade("/ws");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("no room given");
    }

    @Test
    void anUpgradeExceptionWithoutAMessageRefusesWithAnEmptyBody() throws IOException {
        listener.attach("/ws", request -> {
            throw new UpgradeException(403, null);
        });

        HttpResponse response = upgrade("/ws");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void anUpgradeExceptionRefusesAStatusOutside400To599() {
        assertThatThrownBy(() -> new UpgradeException(302, "elsewhere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("400-599")
                .hasMessageContaining("302");
    }

    @Test
    void anyOtherExceptionRefusesWith500AndTheListenerKeepsServing() throws IOException {
        listener.attach("/broken", request -> {
            throw new IllegalStateException("bug in the upgrade service");
        });
        listener.attach("/ws", request -> new Echo());

        HttpResponse response = upgrade("/broken");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("bug in the upgrade service");
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            ws.sendText("still serving");
            assertThat(ws.readFrame().text()).isEqualTo("still serving");
        }
    }

    @Test
    void anErrorThrownByTheUpgradeServiceRefusesWith500() throws IOException {
        listener.attach("/ws", request -> {
            throw new AssertionError("not expected");
        });

        assertThat(upgrade("/ws").status()).isEqualTo(500);
    }

    @Test
    void returningNullRefusesWith500() throws IOException {
        listener.attach("/ws", request -> null);

        assertThat(upgrade("/ws").status()).isEqualTo(500);
    }

    // ---- wrong service shapes ----

    @Test
    void attachFailsWhenTheDeclaredServiceClassHasAMethodWithAWrongSignature() {
        assertThatThrownBy(() -> listener.attach("/ws", new UpgradesToWrongTextParameter()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WrongTextParameter")
                .hasMessageContaining("onTextMessage(int)")
                .hasMessageContaining("onTextMessage(String)")
                .hasMessageContaining("onTextMessage(Caller, String)");
    }

    @Test
    void attachAcceptsAnUpgradeServiceClassDeclaringAValidServiceClass() throws IOException {
        listener.attach("/ws", new UpgradesToEcho());

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            ws.sendText("typed");
            assertThat(ws.readFrame().text()).isEqualTo("typed");
        }
    }

    @Test
    void aLambdaReturningAServiceWithAWrongSignatureGets500AndTheLogNamesTheMethod() throws IOException {
        listener.attach("/ws", request -> new WrongTextParameter());
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            assertThat(upgrade("/ws").status()).isEqualTo(500);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(capturedText(captured)).contains("onTextMessage(int)")
                            .contains("onTextMessage(Caller, String)"));
        } finally {
            System.setErr(original);
        }
    }

    private static String capturedText(ByteArrayOutputStream captured) {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes to the original stream and keeps a copy, so the log still reaches the test report. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        TeeStream(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            original.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            original.write(bytes, offset, length);
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the upgrade service");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
