package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ListenerConfiguration#requestHeadTimeout()} bounds the whole request head, however steadily a client sends
 * (a slow-loris client sending one header byte at a time never trips the idle {@code timeout}), over ws and wss; the
 * TLS handshake counts toward it. {@link ListenerConfiguration#maxPendingUpgrades()} caps the connections still in
 * the HTTP phase: one accepted beyond it is closed at once.
 */
class RequestHeadTimeoutTest extends TlsTestSupport {
    private static final Duration HEAD_TIMEOUT = Duration.ofMillis(500);
    /** How long the tests wait for what should happen within {@link #HEAD_TIMEOUT}: generous, for a loaded machine. */
    private static final Duration WITHIN = Duration.ofSeconds(5);
    /** The pause between two bytes of a slow-loris client: the head takes many times {@link #HEAD_TIMEOUT}. */
    private static final long BYTE_PAUSE_MILLIS = 50;

    private Listener listener;
    private HttpListener http;
    private final CompletableFuture<Void> stopTrickling = new CompletableFuture<>();

    /** Echoes text messages back. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    @AfterEach
    void stop() {
        stopTrickling.complete(null);
        if (listener != null) {
            listener.immediateStop();
        }
        if (http != null) {
            http.close();
        }
    }

    private int start(boolean secure, ListenerConfiguration.Builder config) {
        if (secure) {
            config.secureSocket(serverPem());
        }
        listener = new Listener(0, config.host("127.0.0.1").build());
        listener.attach("/ws", request -> new Echo());
        listener.start();
        return listener.getPort();
    }

    /** A TCP connection, wrapped in TLS (trusting the test CA, handshake done) when {@code secure}. */
    private Socket connect(boolean secure, int port) throws Exception {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout((int) WITHIN.toMillis());
        if (!secure) {
            return plain;
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        tls.startHandshake();
        return tls;
    }

    /** Sends {@code text} one byte at a time on another thread, pausing between bytes, until sent or stopped. */
    private void trickle(Socket socket, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        Thread trickler = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < bytes.length && !stopTrickling.isDone(); i++) {
                    out.write(bytes[i]);
                    out.flush();
                    pause();
                }
            } catch (IOException closedByServer) {
                // The server answered and closed: the trickle ends.
            }
        }, "slow-loris");
        trickler.setDaemon(true);
        trickler.start();
    }

    /** Waits {@link #BYTE_PAUSE_MILLIS}, or less when the test ends. */
    private void pause() {
        try {
            stopTrickling.get(BYTE_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException paced) {
            // The pause is over.
        } catch (InterruptedException | ExecutionException ended) {
            Thread.currentThread().interrupt();
        }
    }

    /** The status line the server sends, or {@code null} when it closes without one. */
    private static String statusLine(Socket socket) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        return reader.readLine();
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void aClientSendingItsHeadOneByteAtATimeIsAnswered408OnceRequestHeadTimeoutHasPassed(boolean secure)
            throws Exception {
        int port = start(secure, ListenerConfiguration.builder().requestHeadTimeout(HEAD_TIMEOUT));

        try (Socket slow = connect(secure, port)) {
            long began = System.nanoTime();
            trickle(slow, RawWebSocket.upgradeRequest(port, "/ws"));

            assertThat(statusLine(slow)).startsWith("HTTP/1.1 408");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(WITHIN);
        }
    }

    @Test
    void aTlsHandshakeNotDoneWithinRequestHeadTimeoutIsCutOff() throws Exception {
        // ListenerSecureSocket.handshakeTimeout (10 s by default) is longer: the request head's clock cuts first.
        int port = start(true, ListenerConfiguration.builder().requestHeadTimeout(HEAD_TIMEOUT));

        try (RawWebSocket silent = RawWebSocket.open(port)) {
            assertThat(silent.awaitTcpClose(WITHIN)).isTrue();
        }
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void aClientCompletingItsHeadInTimeIsUpgraded(boolean secure) throws Exception {
        int port = start(secure, ListenerConfiguration.builder().requestHeadTimeout(Duration.ofSeconds(5)));

        try (Socket steady = connect(secure, port)) {
            byte[] request = RawWebSocket.upgradeRequest(port, "/ws").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = steady.getOutputStream();
            for (int i = 0; i < request.length; i += 16) {
                out.write(request, i, Math.min(16, request.length - i));
                out.flush();
            }

            assertThat(statusLine(steady)).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void onAKeptAliveConnectionTheClockRestartsAtTheNextRequestsFirstByte() throws Exception {
        http = new HttpListener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .requestHeadTimeout(HEAD_TIMEOUT).build());
        http.get("/health", request -> HttpResponse.text(200, "ok"));
        http.start();
        int port = http.getPort();

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            String request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            raw.sendRaw(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readHttpResponse().status()).isEqualTo(200);
            // Idle between requests is the idle timeout's business (120 s here), not the head's.
            assertThat(raw.awaitTcpClose(HEAD_TIMEOUT.multipliedBy(3))).isFalse();

            long began = System.nanoTime();
            trickle(raw.socket(), request);
            assertThat(raw.readHttpResponse().status()).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(WITHIN);
        }
    }

    @Test
    void aZeroRequestHeadTimeoutLetsASlowHeadComplete() throws Exception {
        int port = start(false, ListenerConfiguration.builder().requestHeadTimeout(Duration.ZERO));

        try (RawWebSocket slow = RawWebSocket.open(port)) {
            byte[] request = RawWebSocket.upgradeRequest(port, "/ws").getBytes(StandardCharsets.US_ASCII);
            slow.sendRaw(java.util.Arrays.copyOfRange(request, 0, 20));
            assertThat(slow.awaitTcpClose(HEAD_TIMEOUT.multipliedBy(2))).isFalse();

            slow.sendRaw(java.util.Arrays.copyOfRange(request, 20, request.length));
            assertThat(slow.readHttpResponse().status()).isEqualTo(101);
        }
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void aConnectionAcceptedBeyondMaxPendingUpgradesIsClosedAtOnce(boolean secure) throws Exception {
        int port = start(secure, ListenerConfiguration.builder().maxPendingUpgrades(2));

        try (RawWebSocket first = RawWebSocket.open(port); RawWebSocket second = RawWebSocket.open(port);
             RawWebSocket third = RawWebSocket.open(port)) {
            assertThat(third.awaitTcpClose(WITHIN)).isTrue();
            assertThat(first.awaitTcpClose(Duration.ofMillis(200))).isFalse();
            assertThat(second.awaitTcpClose(Duration.ofMillis(200))).isFalse();
        }
    }

    @Test
    void upgradedConnectionsDoNotCountTowardMaxPendingUpgrades() throws Exception {
        int port = start(false, ListenerConfiguration.builder().maxPendingUpgrades(1));

        try (var upgraded = RawWebSocket.connect(port, "/ws"); var next = RawWebSocket.connect(port, "/ws")) {
            upgraded.sendText("first");
            assertThat(upgraded.readFrame().text()).isEqualTo("first");
            next.sendText("second");
            assertThat(next.readFrame().text()).isEqualTo("second");
        }
    }
}
