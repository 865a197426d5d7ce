package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.TestCertificates;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Mutual TLS: client certificates required or optional, and the verified chain seen by the upgrade service. */
class TlsMutualTest extends TlsTestSupport {
    static final TestCertificates.Authority CLIENT_CA = TestCertificates.authority("Duplex Client CA");
    static final TestCertificates.Issued ALICE = CLIENT_CA.issue("alice").build();

    private ListenerSecureSocket mutual(VerifyClient verifyClient) {
        return serverPem().toBuilder().mutualSsl(new MutualSsl(verifyClient, CLIENT_CA.trusted(dir))).build();
    }

    private ClientSecureSocket asAlice() {
        return trustingCa().toBuilder().key(ALICE.certKey(dir)).build();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void acceptsATrustedClientCertificateWhenOneIsRequiredAndShowsItsChainToTheUpgradeService(TlsEngine engine) {
        use(engine);
        CompletableFuture<List<X509Certificate>> seen = new CompletableFuture<>();
        Listener listener = listen(mutual(VerifyClient.REQUIRE), request -> {
            seen.complete(request.peerCertificates());
            return new Echo();
        });
        Client client = connect(listener, "localhost", asAlice());
        client.writeTextMessage("peer?");
        assertThat(client.readTextMessage()).isEqualTo("CN=alice");
        assertThat(seen).succeedsWithin(5, TimeUnit.SECONDS)
                .satisfies(chain -> assertThat(chain).first().isEqualTo(ALICE.certificate()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void refusesAClientWithoutACertificateWhenOneIsRequired(TlsEngine engine) {
        use(engine);
        Listener listener = listen(mutual(VerifyClient.REQUIRE));
        assertThatThrownBy(() -> connect(listener, "localhost", trustingCa()))
                .isInstanceOf(CertificateRejectedException.class)
                .hasMessageContaining("rejected this client's certificate, or its lack of one");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void refusesAClientCertificateFromAnUntrustedAuthority(TlsEngine engine) {
        use(engine);
        Listener listener = listen(mutual(VerifyClient.REQUIRE));
        var mallory = TestCertificates.authority("Other CA").issue("mallory").build();
        assertThatThrownBy(() -> connect(listener, "localhost",
                trustingCa().toBuilder().key(mallory.certKey(dir)).build()))
                .isInstanceOf(CertificateRejectedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void acceptsAClientWithoutACertificateWhenItIsOptional(TlsEngine engine) {
        use(engine);
        Listener listener = listen(mutual(VerifyClient.OPTIONAL));
        Client client = connect(listener, "localhost", trustingCa());
        client.writeTextMessage("peer?");
        assertThat(client.readTextMessage()).isEqualTo("none");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void showsTheCertificateOfAClientThatPresentsOneWhenItIsOptional(TlsEngine engine) {
        use(engine);
        Listener listener = listen(mutual(VerifyClient.OPTIONAL));
        Client client = connect(listener, "localhost", asAlice());
        client.writeTextMessage("peer?");
        assertThat(client.readTextMessage()).isEqualTo("CN=alice");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void acceptsTrustedClientCertificatesFromATrustStoreAndAKeyStoreClientKey(TlsEngine engine) {
        use(engine);
        var trustStore = TestCertificates.writeTrustStore(dir.resolve("clients.p12"), "PKCS12", "pw",
                CLIENT_CA.certificate());
        Listener listener = listen(serverPem().toBuilder().mutualSsl(new MutualSsl(
                new TrustStoreFile(trustStore.toString(), "pw"))).build());
        var aliceStore = ALICE.writeKeyStore(dir.resolve("alice.jks"), "JKS", "alicepw");
        Client client = connect(listener, "localhost", trustingCa().toBuilder()
                .key(new KeyStoreFile(aliceStore.toString(), "alicepw")).build());
        client.writeTextMessage("peer?");
        assertThat(client.readTextMessage()).isEqualTo("CN=alice");
    }
}
