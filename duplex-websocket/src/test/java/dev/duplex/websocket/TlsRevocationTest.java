package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.OcspResponder;
import dev.duplex.websocket.testkit.TestCertificates;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Revocation checks by OCSP, and the cache of answers that CertValidation sizes. */
class TlsRevocationTest extends TlsTestSupport {
    private static final CertValidation OCSP = new CertValidation(CertValidationType.OCSP_CRL, 8,
            Duration.ofMinutes(5));

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void failsWithRevokedCertificateWhenTheOcspResponderSaysTheServerCertificateIsRevoked(TlsEngine engine)
            throws Exception {
        use(engine);
        var ca = TestCertificates.authority("OCSP CA");
        try (OcspResponder responder = new OcspResponder(ca)) {
            var server = ca.issue("localhost").ocspResponder(responder.url()).build();
            responder.revoke(server);
            Listener listener = listen(ListenerSecureSocket.builder(server.certKey(dir)).build());
            assertThatThrownBy(() -> connect(listener, "localhost", ClientSecureSocket.builder()
                    .cert(ca.trusted(dir)).certValidation(OCSP).build()))
                    .isInstanceOf(RevokedCertificateException.class)
                    .hasMessageContaining("revoked");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void asksTheOcspResponderOnceForAClientCertificateWhileTheAnswerIsCached(TlsEngine engine) throws Exception {
        use(engine);
        assertThat(connectThreeTimesAndCountOcspRequests(OCSP)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void asksTheOcspResponderAgainOnceTheCachedAnswerExpires(TlsEngine engine) throws Exception {
        use(engine);
        var shortLived = new CertValidation(CertValidationType.OCSP_CRL, 8, Duration.ofNanos(1));
        assertThat(connectThreeTimesAndCountOcspRequests(shortLived)).isEqualTo(3);
    }

    private int connectThreeTimesAndCountOcspRequests(CertValidation validation) throws Exception {
        var clientCa = TestCertificates.authority("Client OCSP CA");
        try (OcspResponder responder = new OcspResponder(clientCa)) {
            var alice = clientCa.issue("alice").ocspResponder(responder.url()).build();
            Listener listener = listen(serverPem().toBuilder().mutualSsl(new MutualSsl(clientCa.trusted(dir)))
                    .certValidation(validation).build());
            var asAlice = trustingCa().toBuilder().key(alice.certKey(dir)).build();
            for (int i = 0; i < 3; i++) {
                try (Client client = new Client("wss://localhost:" + listener.getPort() + "/echo",
                        ClientConfiguration.builder().secureSocket(asAlice).build())) {
                    client.writeTextMessage("peer?");
                    assertThat(client.readTextMessage()).isEqualTo("CN=alice");
                }
            }
            return responder.requests();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void refusesAClientCertificateTheOcspResponderSaysIsRevoked(TlsEngine engine) throws Exception {
        use(engine);
        var clientCa = TestCertificates.authority("Client OCSP CA");
        try (OcspResponder responder = new OcspResponder(clientCa)) {
            var revoked = clientCa.issue("revoked").ocspResponder(responder.url()).build();
            responder.revoke(revoked);
            Listener listener = listen(serverPem().toBuilder().mutualSsl(new MutualSsl(clientCa.trusted(dir)))
                    .certValidation(OCSP).build());
            assertThatThrownBy(() -> connect(listener, "localhost", trustingCa().toBuilder()
                    .key(revoked.certKey(dir)).build()))
                    .isInstanceOf(CertificateRejectedException.class);
        }
    }
}
