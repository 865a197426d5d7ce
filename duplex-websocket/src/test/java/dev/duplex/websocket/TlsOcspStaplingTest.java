package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.OcspResponder;
import dev.duplex.websocket.testkit.TestCertificates;
import java.io.File;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OCSP stapling ({@link CertValidationType#OCSP_STAPLING}): the listener staples the OCSP response for its own
 * certificate, and a client checks a stapled response instead of asking the responder. The OpenSSL engine staples
 * what this library fetches; the JDK engine staples by itself once the JVM enables it, which these tests do only while
 * the listener's context is made (the JDK reads the property then).
 */
@Timeout(60)
class TlsOcspStaplingTest extends TlsTestSupport {
    private static final String JDK_SERVER_STAPLING = "jdk.tls.server.enableStatusRequestExtension";
    private static final CertValidation STAPLING = new CertValidation(CertValidationType.OCSP_STAPLING, 8,
            Duration.ofMinutes(5));

    private final TestCertificates.Authority ca = TestCertificates.authority("Stapling CA");

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void ourClientAcceptsTheGoodResponseTheListenerStaplesWithoutAskingTheResponderItself(TlsEngine engine)
            throws Exception {
        use(engine);
        try (OcspResponder responder = new OcspResponder(ca)) {
            TestCertificates.Issued server = ca.issue("localhost").ocspResponder(responder.url()).build();
            Listener listener = listenStapling(engine, server);
            try (Client client = connect(listener, "localhost", checkingStaples())) {
                client.writeTextMessage("stapled");
                assertThat(client.readTextMessage()).isEqualTo("stapled");
                assertThat(stapledSerialNumber(client)).isEqualTo(server.certificate().getSerialNumber());
            }
            assertThat(responder.requests()).as("only the listener asked the responder").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void ourClientFailsWithRevokedCertificateWhenTheStapledResponseSaysRevoked(TlsEngine engine) throws Exception {
        use(engine);
        try (OcspResponder responder = new OcspResponder(ca)) {
            TestCertificates.Issued server = ca.issue("localhost").ocspResponder(responder.url()).build();
            responder.revoke(server);
            Listener listener = listenStapling(engine, server);
            assertThatThrownBy(() -> connect(listener, "localhost", checkingStaples()))
                    .isInstanceOf(RevokedCertificateException.class)
                    .hasMessageContaining("revoked");
            assertThat(responder.requests()).as("only the listener asked the responder").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void opensslSClientSeesTheGoodResponseTheListenerStaples(TlsEngine engine) throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not installed");
        use(engine);
        try (OcspResponder responder = new OcspResponder(ca)) {
            Listener listener = listenStapling(engine, ca.issue("localhost").ocspResponder(responder.url()).build());
            Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + listener.getPort(),
                    "-servername", "localhost", "-status", "-CAfile", ca.trusted(dir).certFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectErrorStream(true)
                    .start();
            assertThat(openssl.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).contains("OCSP Response Status: successful").contains("Cert Status: good");
        }
    }

    @Test
    void theListenerFetchesTheResponseAgainBeforeItsCacheValidityPeriodEnds() throws Exception {
        use(TlsEngine.OPENSSL);
        try (OcspResponder responder = new OcspResponder(ca)) {
            var shortLived = new CertValidation(CertValidationType.OCSP_STAPLING, 1, Duration.ofSeconds(2));
            var server = ca.issue("localhost").ocspResponder(responder.url()).build();
            Listener listener = listen(ListenerSecureSocket.builder(server.certKey(dir)).certValidation(shortLived)
                    .build());
            // Fetched as the listener started; on a busy machine the first refresh (after half the 2 s validity) may
            // already have happened by the time start() returns, so count from what is seen here.
            int atStart = responder.requests();
            assertThat(atStart).as("fetched as the listener started").isGreaterThanOrEqualTo(1);

            await().atMost(Duration.ofSeconds(5)).until(() -> responder.requests() >= atStart + 1);
            try (Client client = connect(listener, "localhost", checkingStaples())) {
                assertThat(((ExtendedSSLSession) client.tlsSession()).getStatusResponses()).hasSize(1);
            }
        }
    }

    @Test
    void aReloadedCertificateGetsItsOwnStapledResponse() throws Exception {
        use(TlsEngine.OPENSSL);
        try (OcspResponder responder = new OcspResponder(ca)) {
            Path certFile = dir.resolve("live.crt");
            Path keyFile = dir.resolve("live.key");
            var first = ca.issue("localhost").ocspResponder(responder.url()).build();
            first.writeChain(certFile);
            first.writeKey(keyFile);
            Listener listener = listen(ListenerSecureSocket.builder(new CertKey(certFile.toString(),
                    keyFile.toString())).certValidation(STAPLING).reloadInterval(Duration.ofMillis(50)).build());

            var second = ca.issue("localhost").ocspResponder(responder.url()).build();
            second.writeKey(keyFile);
            second.writeChain(certFile);

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try (Client client = new Client("wss://localhost:" + listener.getPort() + "/echo",
                        ClientConfiguration.builder().secureSocket(checkingStaples()).build())) {
                    return client.getPeerCertificates().get(0).equals(second.certificate())
                            && second.certificate().getSerialNumber().equals(stapledSerialNumber(client));
                }
            });
        }
    }

    @Test
    void theListenerStartsAndStaplesNothingWhenItsResponderCannotBeReached() throws Exception {
        use(TlsEngine.OPENSSL);
        OcspResponder responder = new OcspResponder(ca);
        var server = ca.issue("localhost").ocspResponder(responder.url()).build();
        responder.close();
        Listener listener = listen(ListenerSecureSocket.builder(server.certKey(dir)).certValidation(STAPLING)
                .build());
        try (Client client = connect(listener, "localhost", ClientSecureSocket.builder().cert(ca.trusted(dir))
                .build())) {
            client.writeTextMessage("unstapled");
            assertThat(client.readTextMessage()).isEqualTo("unstapled");
            assertThat(((ExtendedSSLSession) client.tlsSession()).getStatusResponses()).isEmpty();
        }
    }

    /** The serial number the stapled response speaks of, or {@code null} when none was stapled. */
    private static BigInteger stapledSerialNumber(Client client) throws Exception {
        List<byte[]> stapled = ((ExtendedSSLSession) client.tlsSession()).getStatusResponses();
        if (stapled.isEmpty()) {
            return null;
        }
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(stapled.get(0)).getResponseObject();
        return basic.getResponses()[0].getCertID().getSerialNumber();
    }

    /** A client trusting the stapling CA that checks revocation, by a stapled response first. */
    private ClientSecureSocket checkingStaples() {
        return ClientSecureSocket.builder().cert(ca.trusted(dir)).certValidation(STAPLING).build();
    }

    /** Starts a listener for {@code server} that staples, enabling the JDK's stapling on the JDK engine. */
    private Listener listenStapling(TlsEngine engine, TestCertificates.Issued server) {
        ListenerSecureSocket secureSocket = ListenerSecureSocket.builder(server.certKey(dir)).certValidation(STAPLING)
                .build();
        if (engine != TlsEngine.JDK) {
            return listen(secureSocket);
        }
        String before = System.setProperty(JDK_SERVER_STAPLING, "true");
        try {
            return listen(secureSocket);
        } finally {
            if (before == null) {
                System.clearProperty(JDK_SERVER_STAPLING);
            } else {
                System.setProperty(JDK_SERVER_STAPLING, before);
            }
        }
    }

    private static boolean onPath(String command) {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, command))) {
                return true;
            }
        }
        return false;
    }
}
