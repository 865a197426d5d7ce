package dev.duplex.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Listener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The settings and the push client of docs/compression-and-limits.md behave as the guide says. */
class LimitsGuideBehaviourTest {
    private Listener listener;

    @BeforeEach
    void start() {
        listener = new Listener(0, LimitsGuide.listenerConfiguration().toBuilder().host("127.0.0.1").build());
        LimitsGuide.attach(listener);
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private String url() {
        return "ws://127.0.0.1:" + listener.getPort() + "/quotes";
    }

    private static ClientConfiguration withOrigin(String origin) {
        return ClientConfiguration.builder().customHeaders(Map.of("Origin", origin)).build();
    }

    @Test
    void theServiceAgreesToPermessageDeflateAndMessagesAboveTheThresholdArriveIntact() {
        String symbol = "ACME".repeat(500);
        try (var client = new Client(url())) {
            assertThat(client.getHttpResponse().header("sec-websocket-extensions")).startsWith("permessage-deflate");
            client.writeTextMessage(symbol);
            assertThat(client.readTextMessage()).isEqualTo(symbol + " 101.5");
        }
    }

    @Test
    void aPageOfTheAllowedOriginConnects() {
        try (var client = new Client(url(), withOrigin("https://app.example.com"))) {
            client.writeTextMessage("ACME");
            assertThat(client.readTextMessage()).isEqualTo("ACME 101.5");
        }
    }

    @Test
    void aPageOfAnotherOriginGets403NamingTheOriginAndTheSetting() {
        assertThatThrownBy(() -> new Client(url(), withOrigin("https://attacker.example")).close())
                .isInstanceOfSatisfying(InvalidHandshakeException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(403);
                    assertThat(refused.body()).contains("https://attacker.example").contains("allowedOrigins");
                });
    }

    @Test
    void aMessageThatInflatesBeyondMaxMessageSizeClosesTheConnectionWith1009() {
        try (var client = new Client(url())) {
            client.writeTextMessage("x".repeat(256 * 1024 + 1));    // compresses to a few hundred bytes
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class,
                            closed -> assertThat(closed.closeCode()).isEqualTo(1009));
        }
    }

    @Test
    void theClientConfigurationNeverShowsTheProxyPassword() {
        var config = LimitsGuide.clientConfiguration("proxy-password-1");
        assertThat(config.proxy().password()).isEqualTo("proxy-password-1");
        assertThat(config.toString()).contains("proxy.internal").doesNotContain("proxy-password-1");
    }

    @Test
    void thePushClientSendsWhatOnOpenReturnsAndGetsEveryReplyOnItsService() throws InterruptedException {
        BlockingQueue<String> quotes = new LinkedBlockingQueue<>();
        Client feed = LimitsGuide.pushClient(url(), quotes::add);
        // onOpen runs on a worker: its "ACME" and the caller's "GLOBEX" are not ordered with each other.
        assertThat(List.of(quotes.poll(10, TimeUnit.SECONDS), quotes.poll(10, TimeUnit.SECONDS)))
                .containsExactlyInAnyOrder("ACME 101.5", "GLOBEX 101.5");
        assertThatThrownBy(feed::readTextMessage).isInstanceOf(IllegalStateException.class);

        feed.close();
        assertThat(quotes.poll(10, TimeUnit.SECONDS)).isEqualTo("closed 1000");
    }
}
