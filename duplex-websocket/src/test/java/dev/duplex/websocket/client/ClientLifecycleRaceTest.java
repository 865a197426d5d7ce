package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.RetryConfig;
import dev.duplex.websocket.testkit.RawServer;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client's connection never outlives the client (issue 13, suspicions): not when the thread making it is
 * interrupted during the handshake, and not when the application closes the client while it reconnects.
 */
class ClientLifecycleRaceTest {

    /** Reads the upgrade request, waits for {@code answer}, then accepts it late; reports whether it was dropped. */
    private static void acceptLate(RawWebSocket peer, CountDownLatch requestRead, CountDownLatch answer,
                                   CompletableFuture<Boolean> dropped) throws Exception {
        var request = peer.readHttpRequest();
        requestRead.countDown();
        answer.await(10, TimeUnit.SECONDS);
        peer.sendRaw(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + RawWebSocket.acceptFor(request.header("Sec-WebSocket-Key"))
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        dropped.complete(peer.awaitTcpClose(Duration.ofSeconds(10)));
    }

    @Test
    void aConnectionWhoseConstructorWasInterruptedIsDroppedWhenItsHandshakeCompletes() throws Exception {
        var requestRead = new CountDownLatch(1);
        var answer = new CountDownLatch(1);
        var dropped = new CompletableFuture<Boolean>();
        try (var server = RawServer.start((peer, n) -> acceptLate(peer, requestRead, answer, dropped))) {
            var failure = new CompletableFuture<Throwable>();
            Thread connecting = new Thread(() -> {
                try (var client = new Client(server.url())) {
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            }, "interrupted-connect");
            connecting.start();
            assertThat(requestRead.await(10, TimeUnit.SECONDS)).isTrue();
            connecting.interrupt();
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("interrupted");
            answer.countDown();
            assertThat(dropped.get(15, TimeUnit.SECONDS)).as("the abandoned connection was closed").isTrue();
        }
    }

    @Test
    void closingTheClientWhileItReconnectsDropsTheNewConnection() throws Exception {
        var requestRead = new CountDownLatch(1);
        var answer = new CountDownLatch(1);
        var dropped = new CompletableFuture<Boolean>();
        try (var server = RawServer.start((peer, n) -> {
            if (n == 0) {
                peer.acceptUpgrade();
                return; // the socket closes: the client reconnects
            }
            acceptLate(peer, requestRead, answer, dropped);
        })) {
            var config = ClientConfiguration.builder()
                    .retryConfig(new RetryConfig(5, Duration.ofMillis(10), 1.0, Duration.ofMillis(10))).build();
            var client = new Client(server.url(), config);
            Thread reader = new Thread(() -> {
                try {
                    client.readTextMessage();
                } catch (RuntimeException expected) {
                    // The read ends with the close.
                }
            }, "reconnecting-reader");
            reader.start();
            assertThat(requestRead.await(10, TimeUnit.SECONDS)).as("the client is reconnecting").isTrue();
            client.close();
            answer.countDown();
            assertThat(dropped.get(15, TimeUnit.SECONDS)).as("the connection made after close() was closed").isTrue();
            reader.join(10_000);
        }
    }
}
