package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.ConnectProxy;
import dev.duplex.websocket.testkit.OcspResponder;
import dev.duplex.websocket.testkit.TestCertificates;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS session resumption across a client's reconnections: {@code shareSession} and {@code sessionTimeout} of the
 * listener and of the client. The client reaches the listener through a CONNECT proxy, which cuts the connection so
 * that the client reconnects (with the same TLS context, as a {@link Client} does).
 *
 * <p>Whether a handshake resumed a session is seen at an OCSP responder: the client checks the listener's certificate
 * with it in every full handshake (its answers last 1 ns, so none is reused) and in none that resumes a session,
 * where no certificate is sent. So the responder's request count is the number of full handshakes, on both engines.
 */
@Timeout(60)
class TlsSessionTest extends TlsTestSupport {
    private static final CertValidation ASK_IN_EVERY_FULL_HANDSHAKE = new CertValidation(CertValidationType.OCSP_CRL, 1,
            Duration.ofNanos(1));
    private static final RetryConfig QUICK_RETRIES = new RetryConfig(100, Duration.ofMillis(20), 1.5,
            Duration.ofMillis(200));
    /**
     * Long enough that the first reconnect lands within it even on a loaded machine (connecting and reconnecting
     * through the proxy has taken over a second there), short enough to keep the tests quick.
     */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    private static final String JDK_SERVER_TICKETS = "jdk.tls.server.enableSessionTicketExtension";

    private final TestCertificates.Authority ca = TestCertificates.authority("Session CA");
    private OcspResponder responder;
    private ConnectProxy proxy;
    private TestCertificates.Issued server;

    @BeforeEach
    void startResponderAndProxy() throws IOException {
        responder = new OcspResponder(ca);
        proxy = ConnectProxy.open();
        server = ca.issue("localhost").ocspResponder(responder.url()).build();
    }

    @AfterEach
    void stopResponderAndProxy() throws IOException {
        proxy.close();
        responder.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aClientResumesItsTlsSessionWhenItReconnects(TlsEngine engine) {
        use(engine);
        Listener listener = listen(listenerSocket().build());
        Client client = connectThroughProxy(listener, clientSocket().build());

        reconnect(client);

        assertThat(fullHandshakes()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aClientThatDoesNotShareSessionsMakesAFullHandshakeWhenItReconnects(TlsEngine engine) {
        use(engine);
        Listener listener = listen(listenerSocket().build());
        Client client = connectThroughProxy(listener, clientSocket().shareSession(false).build());

        reconnect(client);

        assertThat(fullHandshakes()).isEqualTo(2);
    }

    /**
     * On the JDK engine with session tickets turned off for the JVM, which the JDK cannot do for one context
     * (docs/tls.md).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aListenerThatDoesNotShareSessionsMakesAReconnectingClientDoAFullHandshake(TlsEngine engine) {
        use(engine);
        ListenerSecureSocket unshared = listenerSocket().shareSession(false).build();
        Listener listener = engine == TlsEngine.JDK ? listenWithoutJdkSessionTickets(unshared) : listen(unshared);
        Client client = connectThroughProxy(listener, clientSocket().build());

        reconnect(client);

        assertThat(fullHandshakes()).isEqualTo(2);
    }

    /**
     * TLS 1.2, where the listener decides from its own session cache; on the JDK engine with session tickets turned
     * off for the JVM, which it does not check the age of. docs/tls.md says where else the timeout is only a hint.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aListenerResumesTls12SessionsOnlyWithinItsSessionTimeout(TlsEngine engine) {
        use(engine);
        ListenerSecureSocket timingOut = listenerSocket().protocol(Protocol.tls("TLSv1.2"))
                .sessionTimeout(SESSION_TIMEOUT).build();
        Listener listener = engine == TlsEngine.JDK ? listenWithoutJdkSessionTickets(timingOut) : listen(timingOut);
        long firstHandshake = System.currentTimeMillis();
        Client client = connectThroughProxy(listener, clientSocket().build());
        reconnect(client);
        assertThat(fullHandshakes()).as("resumed within the timeout").isEqualTo(1);

        awaitMoreThanTheSessionTimeoutAfter(firstHandshake);
        reconnect(client);

        assertThat(fullHandshakes()).as("a full handshake after the timeout").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aClientResumesSessionsOnlyWithinItsSessionTimeout(TlsEngine engine) {
        use(engine);
        Listener listener = listen(listenerSocket().build());
        long firstHandshake = System.currentTimeMillis();
        Client client = connectThroughProxy(listener, clientSocket().sessionTimeout(SESSION_TIMEOUT).build());
        reconnect(client);
        assertThat(fullHandshakes()).as("resumed within the timeout").isEqualTo(1);

        awaitMoreThanTheSessionTimeoutAfter(firstHandshake);
        reconnect(client);

        assertThat(fullHandshakes()).as("a full handshake after the timeout").isEqualTo(2);
    }

    private ListenerSecureSocket.Builder listenerSocket() {
        return ListenerSecureSocket.builder(server.certKey(dir));
    }

    private ClientSecureSocket.Builder clientSocket() {
        return ClientSecureSocket.builder().cert(ca.trusted(dir)).certValidation(ASK_IN_EVERY_FULL_HANDSHAKE);
    }

    private int fullHandshakes() {
        return responder.requests();
    }

    /** Connects to the listener's /echo through the proxy, retrying quickly once the connection drops. */
    private Client connectThroughProxy(Listener listener, ClientSecureSocket secureSocket) {
        Client client = new Client("wss://localhost:" + listener.getPort() + "/echo", ClientConfiguration.builder()
                .secureSocket(secureSocket)
                .proxy(ProxyConfig.of("127.0.0.1", proxy.port()))
                .retryConfig(QUICK_RETRIES)
                .build());
        closeAfterTest(client);
        client.writeTextMessage("first");
        assertThat(client.readTextMessage()).isEqualTo("first");
        return client;
    }

    /** Cuts the client's connection at the proxy; its next write reconnects. */
    private void reconnect(Client client) {
        String before = client.getConnectionId();
        proxy.dropTunnels();
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        client.writeTextMessage("again");
        assertThat(client.readTextMessage()).isEqualTo("again");
        assertThat(client.getConnectionId()).isNotEqualTo(before);
    }

    /**
     * Waits until a session made at {@code millis} is past a 1 s timeout everywhere: the JDK counts milliseconds,
     * BoringSSL whole seconds from the second the session was made.
     */
    private static void awaitMoreThanTheSessionTimeoutAfter(long millis) {
        // Session ages are counted in whole seconds: wait one more.
        long until = millis + SESSION_TIMEOUT.toMillis() + 1_100;
        await().pollDelay(Duration.ofMillis(50)).atMost(SESSION_TIMEOUT.plusSeconds(5))
                .until(() -> System.currentTimeMillis() > until);
    }

    /** Starts the listener with the JDK's session tickets off while its context is made (the JDK reads it then). */
    private Listener listenWithoutJdkSessionTickets(ListenerSecureSocket secureSocket) {
        // Netty's OpenSSL classes read the same property once, as they load: load them first, so that only this
        // listener's JDK context sees the change.
        OpenSsl.isAvailable();
        String before = System.setProperty(JDK_SERVER_TICKETS, "false");
        try {
            return listen(secureSocket);
        } finally {
            if (before == null) {
                System.clearProperty(JDK_SERVER_TICKETS);
            } else {
                System.setProperty(JDK_SERVER_TICKETS, before);
            }
        }
    }
}
