package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The listener picks up new certificate and key files without a restart; open connections go on. */
class TlsReloadTest extends TlsTestSupport {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void newConnectionsUseAReplacedCertificateWhileOpenOnesContinue(TlsEngine engine) {
        use(engine);
        var firstCa = TestCertificates.authority("First CA");
        var secondCa = TestCertificates.authority("Second CA");
        Path certFile = dir.resolve("live.crt");
        Path keyFile = dir.resolve("live.key");
        var first = firstCa.issue("localhost").build();
        first.writeChain(certFile);
        first.writeKey(keyFile);
        Listener listener = listen(ListenerSecureSocket.builder(new CertKey(certFile.toString(), keyFile.toString()))
                .reloadInterval(Duration.ofMillis(100)).build());
        var trustFirst = ClientSecureSocket.builder().cert(firstCa.trusted(dir)).build();
        var trustSecond = ClientSecureSocket.builder().cert(secondCa.trusted(dir)).build();
        Client open = connect(listener, "localhost", trustFirst);
        assertThatThrownBy(() -> connect(listener, "localhost", trustSecond))
                .isInstanceOf(UntrustedCertificateException.class);

        var second = secondCa.issue("localhost").build();
        second.writeKey(keyFile);
        second.writeChain(certFile);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    try (Client fresh = new Client("wss://localhost:" + listener.getPort() + "/echo",
                            ClientConfiguration.builder().secureSocket(trustSecond).build())) {
                        fresh.writeTextMessage("new");
                        return fresh.readTextMessage().equals("new");
                    }
                });
        open.writeTextMessage("still here");
        assertThat(open.readTextMessage()).isEqualTo("still here");
        assertThat(open.getPeerCertificates()).first().isEqualTo(first.certificate());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void keepsThePreviousCertificateWhenTheNewFilesDoNotMatch(TlsEngine engine) {
        use(engine);
        Path certFile = dir.resolve("live.crt");
        Path keyFile = dir.resolve("live.key");
        SERVER.writeChain(certFile);
        SERVER.writeKey(keyFile);
        Listener listener = listen(ListenerSecureSocket.builder(new CertKey(certFile.toString(), keyFile.toString()))
                .reloadInterval(Duration.ofMillis(1)).build());
        CA.issue("localhost").build().writeChain(certFile);
        for (int i = 0; i < 3; i++) {
            Client client = connect(listener, "localhost", trustingCa());
            assertThat(client.getPeerCertificates()).first().isEqualTo(SERVER.certificate());
            client.close();
        }
    }
}
