package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Handshake failures, each reported as the SslException subclass that names its cause. */
class TlsFailureTest extends TlsTestSupport {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void saysInWordsThatAPlainServerDidNotAnswerWithTlsInsteadOfDumpingItsBytes(TlsEngine engine) {
        use(engine);
        try (var plain = dev.duplex.websocket.testkit.LoopbackListener.start("/ws", request -> new Service() { })) {
            assertThatThrownBy(() -> new Client("wss://127.0.0.1:" + plain.port() + "/ws",
                    ClientConfiguration.builder().secureSocket(trustingCa()).build()).close())
                    .isInstanceOf(SslException.class)
                    .hasMessageContaining("did not answer with TLS")
                    .hasMessageContaining("ws://")
                    .message().doesNotContainPattern("[0-9a-f]{32}");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void failsWithNoCommonProtocolWhenATls12OnlyServerMeetsATls13OnlyClient(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem().toBuilder().protocol(Protocol.tls("TLSv1.2")).build());
        assertThatThrownBy(() -> connect(listener, "localhost",
                trustingCa().toBuilder().protocol(Protocol.tls("TLSv1.3")).build()))
                .isInstanceOf(ProtocolMismatchException.class)
                .hasMessageContaining("no common protocol");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void connectsWithTls13OnlyOnBothEnds(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem().toBuilder().protocol(Protocol.tls("TLSv1.3")).build());
        Client client = connect(listener, "localhost", trustingCa().toBuilder().protocol(Protocol.tls("TLSv1.3"))
                .build());
        client.writeTextMessage("1.3");
        assertThat(client.readTextMessage()).isEqualTo("1.3");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void failsWithExpiredCertificateWhenTheServerCertificateHasExpired(TlsEngine engine) {
        use(engine);
        var expired = CA.issue("localhost").validity(Instant.now().minus(Duration.ofDays(5)),
                Instant.now().minus(Duration.ofDays(1))).build();
        Listener listener = listen(ListenerSecureSocket.builder(expired.certKey(dir)).build());
        assertThatThrownBy(() -> connect(listener, "localhost", trustingCa()))
                .isInstanceOf(ExpiredCertificateException.class)
                .hasMessageContaining("has expired");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void failsWithNotYetValidWhenTheServerCertificateStartsInTheFuture(TlsEngine engine) {
        use(engine);
        var future = CA.issue("localhost").validity(Instant.now().plus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(5))).build();
        Listener listener = listen(ListenerSecureSocket.builder(future.certKey(dir)).build());
        assertThatThrownBy(() -> connect(listener, "localhost", trustingCa()))
                .isInstanceOf(NotYetValidCertificateException.class)
                .hasMessageContaining("not valid yet");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    @Timeout(20)
    void failsWithTlsHandshakeTimeoutWhenTheServerNeverAnswers(TlsEngine engine) throws IOException {
        use(engine);
        try (ServerSocket silent = new ServerSocket(0, 10, TestCertificates.loopback())) {
            var config = ClientConfiguration.builder().secureSocket(trustingCa().toBuilder()
                    .handshakeTimeout(Duration.ofMillis(300)).build()).build();
            assertThatThrownBy(() -> new Client("wss://127.0.0.1:" + silent.getLocalPort() + "/", config))
                    .isInstanceOf(TlsHandshakeTimeoutException.class)
                    .hasMessageContaining("did not complete within PT0.3S (ClientSecureSocket.handshakeTimeout)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    @Timeout(20)
    void dropsAConnectionThatDoesNotCompleteTheTlsHandshakeInTime(TlsEngine engine) throws IOException {
        use(engine);
        Listener listener = listen(serverPem().toBuilder().handshakeTimeout(Duration.ofMillis(300)).build());
        try (Socket socket = new Socket(TestCertificates.loopback(), listener.getPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void refusesARevokedClientCertificateListedInTheCrlAtItsDistributionPoint(TlsEngine engine) throws IOException {
        use(engine);
        var clientCa = TestCertificates.authority("Revoking CA");
        HttpServer crlServer = HttpServer.create(new InetSocketAddress(TestCertificates.loopback(), 0), 10);
        String crlUrl = "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/ca.crl";
        var revoked = clientCa.issue("revoked").crlDistributionPoint(crlUrl).build();
        var good = clientCa.issue("good").crlDistributionPoint(crlUrl).build();
        byte[] crl;
        try {
            crl = clientCa.crl(List.of(revoked)).getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
        AtomicInteger fetches = new AtomicInteger();
        crlServer.createContext("/ca.crl", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
            exchange.sendResponseHeaders(200, crl.length);
            exchange.getResponseBody().write(crl);
            exchange.close();
        });
        crlServer.start();
        try {
            Listener listener = listen(serverPem().toBuilder()
                    .mutualSsl(new MutualSsl(clientCa.trusted(dir)))
                    .certValidation(new CertValidation(CertValidationType.OCSP_CRL, 16, Duration.ofMinutes(5)))
                    .build());
            Client accepted = connect(listener, "localhost", trustingCa().toBuilder().key(good.certKey(dir)).build());
            accepted.writeTextMessage("peer?");
            assertThat(accepted.readTextMessage()).isEqualTo("CN=good");
            assertThatThrownBy(() -> connect(listener, "localhost",
                    trustingCa().toBuilder().key(revoked.certKey(dir)).build()))
                    .isInstanceOf(CertificateRejectedException.class);
            assertThat(fetches.get()).isPositive();
        } finally {
            crlServer.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void failsWithRevokedCertificateWhenTheServerCertificateIsInTheCrl(TlsEngine engine) throws IOException {
        use(engine);
        HttpServer crlServer = HttpServer.create(new InetSocketAddress(TestCertificates.loopback(), 0), 10);
        String crlUrl = "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/ca.crl";
        var revokedServer = CA.issue("localhost").crlDistributionPoint(crlUrl).build();
        byte[] crl;
        try {
            crl = CA.crl(List.of(revokedServer)).getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
        crlServer.createContext("/ca.crl", exchange -> {
            exchange.sendResponseHeaders(200, crl.length);
            exchange.getResponseBody().write(crl);
            exchange.close();
        });
        crlServer.start();
        try {
            Listener listener = listen(ListenerSecureSocket.builder(revokedServer.certKey(dir)).build());
            assertThatThrownBy(() -> connect(listener, "localhost", trustingCa().toBuilder()
                    .certValidation(new CertValidation(CertValidationType.OCSP_CRL, 16, Duration.ofMinutes(5)))
                    .build()))
                    .isInstanceOf(RevokedCertificateException.class)
                    .hasMessageContaining("revoked");
        } finally {
            crlServer.stop(0);
        }
    }

    @Test
    void failsWithUndeterminedRevocationWhenNoCrlCanBeFetched() {
        use(TlsEngine.JDK);
        var unreachable = CA.issue("localhost").crlDistributionPoint("http://127.0.0.1:1/none.crl").build();
        Listener listener = listen(ListenerSecureSocket.builder(unreachable.certKey(dir)).build());
        assertThatThrownBy(() -> connect(listener, "localhost", trustingCa().toBuilder()
                .certValidation(new CertValidation(CertValidationType.OCSP_CRL, 16, Duration.ofMinutes(5)))
                .build()))
                .isInstanceOf(RevokedCertificateException.class)
                .hasMessageContaining("revocation status");
    }


    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void reportsAConnectionExceptionNotATlsOneWhenNothingListens(TlsEngine engine) throws IOException {
        use(engine);
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, TestCertificates.loopback())) {
            closedPort = probe.getLocalPort();
        }
        var config = ClientConfiguration.builder().secureSocket(trustingCa()).build();
        assertThatThrownBy(() -> new Client("wss://127.0.0.1:" + closedPort + "/", config))
                .isExactlyInstanceOf(ConnectionException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void reportsAConnectionExceptionNotATlsOneWhenTheServerHangsUpBeforeTls(TlsEngine engine) throws Exception {
        use(engine);
        try (dev.duplex.websocket.testkit.RawServer server = dev.duplex.websocket.testkit.RawServer.start(
                (peer, connection) -> {
                    // Accepts TCP and hangs up without a word of TLS: the connection dropped, no TLS failure.
                })) {
            var config = ClientConfiguration.builder().secureSocket(trustingCa()).build();
            String url = server.url().replaceFirst("^ws:", "wss:");
            assertThatThrownBy(() -> new Client(url, config))
                    .isExactlyInstanceOf(ConnectionException.class)
                    .hasMessageContaining(url);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void dropsAPlainWsRequestToAWssListener(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem());
        assertThatThrownBy(() -> new Client("ws://127.0.0.1:" + listener.getPort() + "/echo"))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("closed the connection during the opening handshake");
    }
}
