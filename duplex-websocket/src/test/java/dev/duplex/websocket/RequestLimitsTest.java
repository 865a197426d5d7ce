package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spec §2.1 {@code requestLimits}: the upgrade request's URI, headers and body are bounded — 414, 431 and 413 when
 * they are exceeded, and no body limit by default.
 */
class RequestLimitsTest {
    private Listener listener;
    private int port;

    /** Accepts and stays quiet. */
    public static class Quiet implements Service {
    }

    private void start(RequestLimits limits) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .timeout(Duration.ofSeconds(5)).requestLimits(limits).build());
        listener.attach("/ws", request -> new Quiet());
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    /** A URI for /ws padded with a query to exactly {@code length} characters. */
    private static String uriOfLength(int length) {
        String prefix = "/ws?pad=";
        return prefix + "x".repeat(length - prefix.length());
    }

    private HttpResponse upgrade(String uri, String... headerLines) throws IOException {
        return RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, uri, headerLines));
    }

    /** The upgrade request with a body: the header lines then the raw body text. */
    private HttpResponse upgradeWithBody(String bodyHeaderLine, String body) throws IOException {
        String head = RawWebSocket.upgradeRequest(port, "/ws", bodyHeaderLine);
        return RawWebSocket.http(port, head + body);
    }

    // ---- maxUriLength ----

    @Test
    void answers414WhenTheUriIsJustLongerThanMaxUriLength() throws IOException {
        start(new RequestLimits(100, 8192, -1));

        HttpResponse response = upgrade(uriOfLength(101));

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.body()).contains("requestLimits.maxUriLength");
    }

    @Test
    void answers414WhenTheUriIsFarLongerThanMaxUriLength() throws IOException {
        start(new RequestLimits(100, 8192, -1));

        assertThat(upgrade(uriOfLength(5000)).status()).isEqualTo(414);
    }

    @Test
    void acceptsAUriOfExactlyMaxUriLength() throws IOException {
        start(new RequestLimits(100, 8192, -1));

        assertThat(upgrade(uriOfLength(100)).status()).isEqualTo(101);
    }

    @Test
    void theDefaultMaxUriLengthAccepts4096Characters() throws IOException {
        start(RequestLimits.DEFAULT);

        assertThat(upgrade(uriOfLength(4096)).status()).isEqualTo(101);
    }

    @Test
    void theDefaultMaxUriLengthRefuses4097Characters() throws IOException {
        start(RequestLimits.DEFAULT);

        assertThat(upgrade(uriOfLength(4097)).status()).isEqualTo(414);
    }

    // ---- maxHeaderSize ----

    @Test
    void answers431WhenTheHeadersAreLargerThanMaxHeaderSize() throws IOException {
        start(new RequestLimits(4096, 512, -1));

        HttpResponse response = upgrade("/ws", "X-Padding: " + "p".repeat(600));

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.body()).contains("requestLimits.maxHeaderSize");
    }

    @Test
    void acceptsHeadersWithinMaxHeaderSize() throws IOException {
        start(new RequestLimits(4096, 512, -1));

        assertThat(upgrade("/ws", "X-Padding: " + "p".repeat(200)).status()).isEqualTo(101);
    }

    @Test
    void theDefaultMaxHeaderSizeRefusesNineKilobytesOfHeaders() throws IOException {
        start(RequestLimits.DEFAULT);

        assertThat(upgrade("/ws", "X-Padding: " + "p".repeat(9000)).status()).isEqualTo(431);
    }

    @Test
    void manySmallHeadersCountTogetherTowardsMaxHeaderSize() throws IOException {
        start(new RequestLimits(4096, 512, -1));
        String[] lines = new String[40];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "X-Header-" + i + ": value";
        }

        assertThat(upgrade("/ws", lines).status()).isEqualTo(431);
    }

    // ---- maxEntityBodySize ----

    @Test
    void answers413WhenTheDeclaredContentLengthExceedsMaxEntityBodySize() throws IOException {
        start(new RequestLimits(4096, 8192, 10));

        HttpResponse response = upgradeWithBody("Content-Length: 20", "x".repeat(20));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("requestLimits.maxEntityBodySize");
    }

    @Test
    void answers413WhenAChunkedBodyExceedsMaxEntityBodySize() throws IOException {
        start(new RequestLimits(4096, 8192, 10));

        HttpResponse response = upgradeWithBody("Transfer-Encoding: chunked",
                "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void acceptsABodyOfExactlyMaxEntityBodySize() throws IOException {
        start(new RequestLimits(4096, 8192, 10));

        assertThat(upgradeWithBody("Content-Length: 10", "x".repeat(10)).status()).isEqualTo(101);
    }

    @Test
    void acceptsAChunkedBodyWithinMaxEntityBodySize() throws IOException {
        start(new RequestLimits(4096, 8192, 10));

        assertThat(upgradeWithBody("Transfer-Encoding: chunked", "5\r\n12345\r\n0\r\n\r\n").status())
                .isEqualTo(101);
    }

    @Test
    void aZeroMaxEntityBodySizeRefusesAOneByteBody() throws IOException {
        start(new RequestLimits(4096, 8192, 0));

        assertThat(upgradeWithBody("Content-Length: 1", "x").status()).isEqualTo(413);
    }

    @Test
    void byDefaultABodyOfAnySizeIsAccepted() throws IOException {
        start(RequestLimits.DEFAULT);
        String body = "b".repeat(200_000);

        HttpResponse response = upgradeWithBody("Content-Length: " + body.getBytes(StandardCharsets.US_ASCII).length,
                body);

        assertThat(response.status()).isEqualTo(101);
    }

    // ---- after a refusal ----

    @Test
    void theConnectionClosesAfterALimitRefusal() throws IOException {
        start(new RequestLimits(100, 8192, -1));

        try (RawWebSocket raw = RawWebSocket.open(port)) {
            raw.sendRaw(RawWebSocket.upgradeRequest(port, uriOfLength(200)).getBytes(StandardCharsets.US_ASCII));
            HttpResponse response = raw.readHttpResponse();

            assertThat(response.status()).isEqualTo(414);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void theListenerKeepsServingAfterALimitRefusal() throws IOException {
        start(new RequestLimits(100, 8192, -1));
        assertThat(upgrade(uriOfLength(200)).status()).isEqualTo(414);

        assertThat(upgrade("/ws").status()).isEqualTo(101);
    }
}
