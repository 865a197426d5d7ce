package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.testkit.RawServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A write returns once its message is queued for the socket, so an I/O error that breaks the connection after it
 * returned is reported by the next call — read, write or close, whichever comes first — exactly once, and never
 * lost. The server here takes the client's message and then resets the TCP connection.
 */
@Timeout(20)
class ClientWriteFailureTest {
    private static final ClientConfiguration CONFIG = ClientConfiguration.builder()
            .webSocketCompressionEnabled(false)
            .build();

    /** Accepts the upgrade, reads one text message and resets the connection (RST, no close frame). */
    private static RawServer resettingServer() throws IOException {
        return RawServer.start((peer, connection) -> {
            peer.acceptUpgrade();
            assertThat(peer.readFrame().text()).isEqualTo("last words");
            peer.socket().setSoLinger(true, 0);
            peer.close();
        });
    }

    /** Writes the message the server waits for, and waits until the reset has ended the connection. */
    private static Client writeAndGetReset(RawServer server) throws Exception {
        Client client = new Client(server.url(), CONFIG);
        client.writeTextMessage("last words");
        server.awaitScript(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        return client;
    }

    @Test
    void theNextWriteReportsTheIoErrorThatBrokeTheConnectionAfterAWriteReturned() throws Exception {
        try (RawServer server = resettingServer(); Client client = writeAndGetReset(server)) {
            assertThatThrownBy(() -> client.writeTextMessage("too late"))
                    .isExactlyInstanceOf(ConnectionException.class)
                    .hasRootCauseInstanceOf(IOException.class)
                    .hasMessageContaining("messages written before it may not have arrived");

            assertThatThrownBy(client::readTextMessage)
                    .as("reported once: the next call sees the closure")
                    .isInstanceOfSatisfying(ConnectionClosureException.class,
                            closed -> assertThat(closed.closeCode()).isEqualTo(1006));
        }
    }

    @Test
    void theNextReadReportsTheIoErrorWhenItComesBeforeAnyWrite() throws Exception {
        try (RawServer server = resettingServer(); Client client = writeAndGetReset(server)) {
            assertThatThrownBy(client::readTextMessage)
                    .isExactlyInstanceOf(ConnectionException.class)
                    .hasRootCauseInstanceOf(IOException.class);

            assertThatThrownBy(() -> client.writeTextMessage("too late"))
                    .as("reported once: the next call sees the closure")
                    .isInstanceOf(ConnectionClosureException.class);
        }
    }

    @Test
    void closeReportsTheIoErrorWhenNoCallReportedItYet() throws Exception {
        try (RawServer server = resettingServer()) {
            Client client = writeAndGetReset(server);

            assertThatThrownBy(client::close)
                    .isExactlyInstanceOf(ConnectionException.class)
                    .hasRootCauseInstanceOf(IOException.class);
            client.close();
        }
    }
}
