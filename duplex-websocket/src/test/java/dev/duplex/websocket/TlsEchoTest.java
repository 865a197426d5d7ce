package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.TestCertificates;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** wss round trips with every kind of key and trust input, on both TLS engines. */
class TlsEchoTest extends TlsTestSupport {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void echoesTextAndBinaryOverWssWithAPemCertificateAndKey(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem());
        Client client = connect(listener, "localhost", trustingCa());
        client.writeTextMessage("hello over TLS");
        assertThat(client.readTextMessage()).isEqualTo("hello over TLS");
        client.writeBinaryMessage(new byte[] {1, 2, 3});
        assertThat(client.readBinaryMessage()).containsExactly(1, 2, 3);
        client.writeTextMessage("x".repeat(100_000));
        assertThat(client.readTextMessage()).hasSize(100_000);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void bothEndsReportASecureConnection(TlsEngine engine) {
        use(engine);
        CompletableFuture<Boolean> requestSecure = new CompletableFuture<>();
        Listener listener = listen(serverPem(), request -> {
            requestSecure.complete(request.isSecure());
            return new Echo();
        });
        Client client = connect(listener, "localhost", trustingCa());
        client.writeTextMessage("secure?");
        assertThat(client.readTextMessage()).isEqualTo("true");
        assertThat(client.isSecure()).isTrue();
        assertThat(requestSecure).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(true);
        assertThat(client.getPeerCertificates()).first().isEqualTo(SERVER.certificate());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void acceptsAnEncryptedPkcs8Key(TlsEngine engine) {
        use(engine);
        Listener listener = listen(ListenerSecureSocket.builder(SERVER.encryptedCertKey(dir, "s3cret")).build());
        Client client = connect(listener, "127.0.0.1", trustingCa());
        client.writeTextMessage("encrypted key");
        assertThat(client.readTextMessage()).isEqualTo("encrypted key");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void acceptsAPkcs12KeyStoreAndTrustStore(TlsEngine engine) {
        use(engine);
        var keyStore = SERVER.writeKeyStore(dir.resolve("server.p12"), "PKCS12", "storepass");
        var trustStore = TestCertificates.writeTrustStore(dir.resolve("trust.p12"), "PKCS12", "trustpass",
                CA.certificate());
        Listener listener = listen(ListenerSecureSocket.builder(new KeyStoreFile(keyStore.toString(), "storepass"))
                .build());
        Client client = connect(listener, "localhost", ClientSecureSocket.builder()
                .cert(new TrustStoreFile(trustStore.toString(), "trustpass")).build());
        client.writeTextMessage("pkcs12");
        assertThat(client.readTextMessage()).isEqualTo("pkcs12");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void acceptsAJksKeyStoreAndTrustStore(TlsEngine engine) {
        use(engine);
        var keyStore = SERVER.writeKeyStore(dir.resolve("server.jks"), "JKS", "storepass");
        var trustStore = TestCertificates.writeTrustStore(dir.resolve("trust.jks"), "JKS", "trustpass",
                CA.certificate());
        Listener listener = listen(ListenerSecureSocket.builder(
                new KeyStoreFile(keyStore.toString(), "storepass", "JKS")).build());
        Client client = connect(listener, "localhost", ClientSecureSocket.builder()
                .cert(new TrustStoreFile(trustStore.toString(), "trustpass")).build());
        client.writeTextMessage("jks");
        assertThat(client.readTextMessage()).isEqualTo("jks");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void acceptsAnRsaCertificate(TlsEngine engine) {
        use(engine);
        var rsa = CA.issue("localhost").rsa().build();
        Listener listener = listen(ListenerSecureSocket.builder(rsa.certKey(dir)).build());
        Client client = connect(listener, "localhost", trustingCa());
        client.writeTextMessage("rsa");
        assertThat(client.readTextMessage()).isEqualTo("rsa");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void failsWithHostnameMismatchWhenTheCertificateDoesNotNameTheHost(TlsEngine engine) {
        use(engine);
        var other = CA.issue("other.example").dnsNames("other.example").build();
        Listener listener = listen(ListenerSecureSocket.builder(other.certKey(dir)).build());
        assertThatThrownBy(() -> connect(listener, "localhost", trustingCa()))
                .isInstanceOf(HostnameMismatchException.class)
                .hasMessageContaining("does not name the host")
                .hasMessageContaining("verifyHostName");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void connectsToAMismatchedHostWhenHostnameVerificationIsOff(TlsEngine engine) {
        use(engine);
        var other = CA.issue("other.example").dnsNames("other.example").build();
        Listener listener = listen(ListenerSecureSocket.builder(other.certKey(dir)).build());
        Client client = connect(listener, "localhost", trustingCa().toBuilder().verifyHostName(false).build());
        client.writeTextMessage("no hostname check");
        assertThat(client.readTextMessage()).isEqualTo("no hostname check");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void verifiesTheServerNameSentInSniInsteadOfTheAddress(TlsEngine engine) {
        use(engine);
        var named = CA.issue("ws.test").dnsNames("ws.test").build();
        Listener listener = listen(ListenerSecureSocket.builder(named.certKey(dir)).build());
        Client client = connect(listener, "127.0.0.1", trustingCa().toBuilder().serverName("ws.test").build());
        client.writeTextMessage("sni");
        assertThat(client.readTextMessage()).isEqualTo("sni");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void failsWithUntrustedCertificateAgainstTheJdkDefaultTrust(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem());
        assertThatThrownBy(() -> connect(listener, "localhost", null))
                .isInstanceOf(UntrustedCertificateException.class)
                .hasMessageContaining("is not trusted");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void trustsAnyCertificateWhenVerificationIsDisabled(TlsEngine engine) {
        use(engine);
        var other = CA.issue("other.example").dnsNames("other.example").build();
        Listener listener = listen(ListenerSecureSocket.builder(other.certKey(dir)).build());
        Client client = connect(listener, "localhost", ClientSecureSocket.builder().enable(false).build());
        client.writeTextMessage("insecure");
        assertThat(client.readTextMessage()).isEqualTo("insecure");
        assertThat(client.isSecure()).isTrue();
    }
}
