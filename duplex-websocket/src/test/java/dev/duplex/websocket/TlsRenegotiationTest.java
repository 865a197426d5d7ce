package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.internal.tls.TlsEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client may not start a second handshake on a TLS 1.2 connection (client-initiated renegotiation): each one costs
 * the listener a full handshake's CPU for a few bytes of the client's. Both engines refuse it, the OpenSSL engine by
 * itself and the JDK engine through this library, and clients that do not renegotiate are served as before. The client
 * here is the JDK's {@link SSLSocket}, whose second {@code startHandshake()} renegotiates.
 */
@Timeout(60)
class TlsRenegotiationTest extends TlsTestSupport {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final String UPGRADE = "GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private SSLSocket tls12Socket(Listener listener) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", listener.getPort());
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        return socket;
    }

    /**
     * Sends the upgrade request and returns the response head, or what came before the connection ended; fails if
     * nothing ends within {@link #ANSWER_TIMEOUT}.
     */
    private static String answerTo(SSLSocket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            while (!received.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                received.write(b);
            }
        } catch (SocketTimeoutException silence) {
            throw new AssertionError("neither an answer nor the end of the connection within " + ANSWER_TIMEOUT,
                    silence);
        } catch (IOException ended) {
            // refused: an alert, or the connection reset
        }
        return received.toString(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aTls12ClientIsUpgradedWhenItDoesNotRenegotiate(TlsEngine engine) throws Exception {
        use(engine);
        Listener listener = listen(serverPem());
        try (SSLSocket socket = tls12Socket(listener)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");

            assertThat(answerTo(socket)).startsWith("HTTP/1.1 101");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aTls12ClientThatRenegotiatesIsDisconnectedWhileOtherClientsKeepWorking(TlsEngine engine) throws Exception {
        use(engine);
        Listener listener = listen(serverPem());
        Client bystander = connect(listener, "localhost", trustingCa());
        try (SSLSocket socket = tls12Socket(listener)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");

            socket.startHandshake();

            assertThat(answerTo(socket)).doesNotContain("101");
        }
        bystander.writeTextMessage("still here");
        assertThat(bystander.readTextMessage()).isEqualTo("still here");
        Client newcomer = connect(listener, "localhost", trustingCa());
        newcomer.writeTextMessage("and me");
        assertThat(newcomer.readTextMessage()).isEqualTo("and me");
    }
}
