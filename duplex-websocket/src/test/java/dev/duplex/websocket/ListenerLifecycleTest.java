package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spec §2 and §2.2: a listener is built from a port (and optionally a configuration), services are attached and
 * detached at paths, and it is started once.
 */
class ListenerLifecycleTest {
    private static final ListenerConfiguration LOOPBACK = ListenerConfiguration.builder()
            .host("127.0.0.1").timeout(Duration.ofSeconds(5)).build();

    private final List<Listener> listeners = new ArrayList<>();

    /** Echoes text messages back. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    private Listener listener() {
        Listener listener = new Listener(0, LOOPBACK);
        listeners.add(listener);
        return listener;
    }

    private Listener started(String path, UpgradeService service) {
        Listener listener = listener();
        listener.attach(path, service);
        listener.start();
        return listener;
    }

    @AfterEach
    void stopListeners() {
        listeners.forEach(Listener::immediateStop);
    }

    private static String echoOnce(int port, String path, String text) throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port, path)) {
            ws.sendText(text);
            return ws.readFrame().text();
        }
    }

    private static int statusOfUpgrade(int port, String path) throws IOException {
        return RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, path)).status();
    }

    // ---- construction ----

    @Test
    void portZeroBindsAnEphemeralPortThatGetPortReports() throws IOException {
        Listener listener = started("/echo", request -> new Echo());

        assertThat(listener.getPort()).isBetween(1, 65535);
        assertThat(echoOnce(listener.getPort(), "/echo", "hello")).isEqualTo("hello");
    }

    @Test
    void getPortReportsTheRequestedPortBeforeStart() {
        assertThat(new Listener(0, LOOPBACK).getPort()).isZero();
        assertThat(new Listener(8123, LOOPBACK).getPort()).isEqualTo(8123);
    }

    @Test
    void constructingWithOnlyAPortDoesNotBindIt() {
        Listener running = started("/echo", request -> new Echo());

        Listener notStarted = new Listener(running.getPort());

        assertThat(notStarted.getPort()).isEqualTo(running.getPort());
        assertThat(notStarted.getOpenConnections()).isZero();
    }

    @Test
    void refusesANegativePort() {
        assertThatThrownBy(() -> new Listener(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("-1");
    }

    @Test
    void refusesAPortAbove65535() {
        assertThatThrownBy(() -> new Listener(65536, LOOPBACK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("65536");
    }

    @Test
    void refusesANullConfiguration() {
        assertThatThrownBy(() -> new Listener(0, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("config");
    }

    // ---- attach and detach ----

    @Test
    void servesAServiceAttachedBeforeStart() throws IOException {
        Listener listener = listener();
        listener.attach("/echo", request -> new Echo());
        listener.start();

        assertThat(echoOnce(listener.getPort(), "/echo", "before")).isEqualTo("before");
    }

    @Test
    void servesAServiceAttachedAfterStart() throws IOException {
        Listener listener = listener();
        listener.start();
        assertThat(statusOfUpgrade(listener.getPort(), "/echo")).isEqualTo(404);

        listener.attach("/echo", request -> new Echo());

        assertThat(echoOnce(listener.getPort(), "/echo", "after")).isEqualTo("after");
    }

    @Test
    void answers404AfterTheServiceIsDetachedByPath() throws IOException {
        Listener listener = started("/echo", request -> new Echo());

        listener.detach("/echo");

        assertThat(statusOfUpgrade(listener.getPort(), "/echo")).isEqualTo(404);
    }

    @Test
    void detachByPathLeavesOtherPathsAttached() throws IOException {
        Listener listener = started("/one", request -> new Echo());
        listener.attach("/two", request -> new Echo());

        listener.detach("/one");

        assertThat(statusOfUpgrade(listener.getPort(), "/one")).isEqualTo(404);
        assertThat(echoOnce(listener.getPort(), "/two", "still here")).isEqualTo("still here");
    }

    @Test
    void answers404OnEveryPathOfAServiceDetachedByItself() throws IOException {
        UpgradeService service = request -> new Echo();
        Listener listener = started("/one", service);
        listener.attach("/two/{x}", service);

        listener.detach(service);

        assertThat(statusOfUpgrade(listener.getPort(), "/one")).isEqualTo(404);
        assertThat(statusOfUpgrade(listener.getPort(), "/two/x")).isEqualTo(404);
    }

    @Test
    void detachOfAnUnknownPathFailsNamingThePath() {
        Listener listener = started("/echo", request -> new Echo());

        assertThatThrownBy(() -> listener.detach("/nothing-here"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nothing-here")
                .hasMessageContaining("no service is attached");
    }

    @Test
    void detachOfAServiceThatWasNeverAttachedFails() {
        Listener listener = started("/echo", request -> new Echo());

        assertThatThrownBy(() -> listener.detach((UpgradeService) request -> new Echo()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not been attached");
    }

    @Test
    void aPathCanBeAttachedAgainAfterDetach() throws IOException {
        Listener listener = started("/echo", request -> new Echo());
        listener.detach("/echo");

        listener.attach("/echo", request -> new Echo());

        assertThat(echoOnce(listener.getPort(), "/echo", "again")).isEqualTo("again");
    }

    @Test
    void connectionsStayOpenAfterTheirServiceIsDetached() throws IOException {
        Listener listener = started("/echo", request -> new Echo());
        try (RawWebSocket ws = RawWebSocket.connect(listener.getPort(), "/echo")) {
            listener.detach("/echo");

            ws.sendText("still open");
            assertThat(ws.readFrame().text()).isEqualTo("still open");
        }
    }

    @Test
    void refusesANullUpgradeService() {
        Listener listener = listener();
        assertThatThrownBy(() -> listener.attach("/x", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("upgradeService");
    }

    // ---- start ----

    @Test
    void startingTwiceFails() {
        Listener listener = started("/echo", request -> new Echo());

        assertThatThrownBy(listener::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
    }

    @Test
    void startingAfterAStopFailsAndSaysToCreateANewListener() {
        Listener listener = started("/echo", request -> new Echo());
        listener.immediateStop();

        assertThatThrownBy(listener::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was stopped")
                .hasMessageContaining("create a new one");
    }

    @Test
    void bindingAPortInUseFailsNamingHostAndPort() {
        Listener first = started("/echo", request -> new Echo());
        Listener second = new Listener(first.getPort(), LOOPBACK);
        listeners.add(second);

        assertThatThrownBy(second::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + first.getPort());
    }

    @Test
    void bindingAHostThatDoesNotResolveFailsSayingSoInWords() {
        Listener listener = new Listener(0, ListenerConfiguration.builder().host("nosuchhost.invalid").build());
        listeners.add(listener);

        assertThatThrownBy(listener::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("nosuchhost.invalid", "does not resolve")
                .message().doesNotEndWith("null");
    }

    @Test
    void theFirstListenerKeepsServingWhenASecondCannotBindItsPort() throws IOException {
        Listener first = started("/echo", request -> new Echo());
        Listener second = new Listener(first.getPort(), LOOPBACK);
        listeners.add(second);
        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class);

        assertThat(echoOnce(first.getPort(), "/echo", "fine")).isEqualTo("fine");
    }

    @Test
    void getOpenConnectionsCountsUpgradedConnections() throws IOException {
        Listener listener = started("/echo", request -> new Echo());
        assertThat(listener.getOpenConnections()).isZero();

        try (RawWebSocket ws = RawWebSocket.connect(listener.getPort(), "/echo")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.getOpenConnections() == 1);
            ws.sendClose(1000, "");
            assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.getOpenConnections() == 0);
    }

    // ---- waiting for the stop ----

    @Test
    void awaitTerminationBlocksUntilAnotherThreadStopsTheListener() throws Exception {
        Listener listener = started("/echo", request -> new Echo());
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                listener.awaitTermination();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(listener.awaitTermination(Duration.ofMillis(200))).isFalse();
        assertThat(waiting).isNotDone();

        listener.gracefulStop(Duration.ofSeconds(1));

        waiting.get(5, TimeUnit.SECONDS);
        assertThat(listener.isStarted()).isFalse();
    }

    @Test
    void awaitTerminationWithATimeoutReturnsFalseWhileTheListenerRunsAndTrueOnceItHasStopped() throws Exception {
        Listener listener = started("/echo", request -> new Echo());
        assertThat(listener.awaitTermination(Duration.ofMillis(50))).isFalse();
        assertThat(echoOnce(listener.getPort(), "/echo", "still serving")).isEqualTo("still serving");

        listener.immediateStop();

        assertThat(listener.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void awaitTerminationReturnsOnceAnHttpListenerSharingThePortIsStopped() throws Exception {
        HttpListener http = new HttpListener(0, LOOPBACK);
        Listener listener = new Listener(http);
        listener.attach("/echo", request -> new Echo());
        listener.start();

        http.immediateStop();

        assertThat(listener.awaitTermination(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void awaitTerminationOnAListenerThatWasNeverStartedFailsSayingToStartIt() {
        Listener listener = listener();

        assertThatThrownBy(listener::awaitTermination)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
    }

    @Test
    void awaitTerminationRefusesANegativeTimeoutNamingIt() {
        Listener listener = started("/echo", request -> new Echo());

        assertThatThrownBy(() -> listener.awaitTermination(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout").hasMessageContaining("PT-1S");
    }

    @Test
    void stopOnShutdownRefusesANegativeGraceNamingIt() {
        Listener listener = listener();

        assertThatThrownBy(() -> listener.stopOnShutdown(Duration.ofSeconds(-2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grace").hasMessageContaining("PT-2S");
    }
}
