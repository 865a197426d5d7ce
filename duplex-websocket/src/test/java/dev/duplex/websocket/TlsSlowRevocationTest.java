package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.EveryEventLoop;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.OcspResponder;
import dev.duplex.websocket.testkit.TestCertificates;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A revocation check waits on an OCSP responder (or a CRL server) as long as it takes to answer; while it waits, no
 * event loop may wait with it. Here a responder holds its answer about a client certificate, and meanwhile
 * connections to another listener — the event loops are shared by all listeners, and enough connections are opened
 * that one lands on each loop — and to clients are served at once.
 */
@Timeout(120)
class TlsSlowRevocationTest extends TlsTestSupport {
    private static final CertValidation OCSP = new CertValidation(CertValidationType.OCSP_CRL, 8,
            Duration.ofMinutes(5));
    /** Well under the 15 s the JDK waits for an OCSP answer, so a stalled loop cannot be mistaken for a served one. */
    private static final Duration BYSTANDER_DEADLINE = Duration.ofSeconds(5);

    private static void assertEveryLoopServes(LoopbackListener bystanders) throws Exception {
        EveryEventLoop.assertServes(bystanders.uri("/echo"), BYSTANDER_DEADLINE,
                "a revocation check waited on a slow OCSP responder");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void whileAListenerWaitsForAnOcspAnswerOtherConnectionsOnEveryEventLoopAreServed(TlsEngine engine)
            throws Exception {
        use(engine);
        var clientCa = TestCertificates.authority("Slow OCSP CA");
        try (OcspResponder responder = new OcspResponder(clientCa);
             LoopbackListener bystanders = LoopbackListener.start("/echo", request -> new Echo())) {
            var alice = clientCa.issue("alice").ocspResponder(responder.url()).build();
            Listener listener = listen(serverPem().toBuilder().mutualSsl(new MutualSsl(clientCa.trusted(dir)))
                    .certValidation(OCSP).build());
            var asAlice = trustingCa().toBuilder().key(alice.certKey(dir)).build();
            responder.holdAnswers();

            CompletableFuture<String> aliceSeen = CompletableFuture.supplyAsync(() -> {
                try (Client client = new Client("wss://localhost:" + listener.getPort() + "/echo",
                        ClientConfiguration.builder().secureSocket(asAlice).build())) {
                    client.writeTextMessage("peer?");
                    return client.readTextMessage();
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> responder.heldRequests() == 1);

            assertEveryLoopServes(bystanders);

            responder.answerHeld();
            assertThat(aliceSeen.get(30, TimeUnit.SECONDS)).isEqualTo("CN=alice");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void whileAClientWaitsForAnOcspAnswerOtherClientsOnEveryEventLoopAreServed(TlsEngine engine) throws Exception {
        use(engine);
        var ca = TestCertificates.authority("Slow OCSP server CA");
        try (OcspResponder responder = new OcspResponder(ca);
             LoopbackListener bystanders = LoopbackListener.start("/echo", request -> new Echo())) {
            var server = ca.issue("localhost").ocspResponder(responder.url()).build();
            Listener listener = listen(ListenerSecureSocket.builder(server.certKey(dir)).build());
            responder.holdAnswers();

            CompletableFuture<String> checked = CompletableFuture.supplyAsync(() -> {
                try (Client client = new Client("wss://localhost:" + listener.getPort() + "/echo",
                        ClientConfiguration.builder().secureSocket(ClientSecureSocket.builder()
                                .cert(ca.trusted(dir)).certValidation(OCSP).build()).build())) {
                    client.writeTextMessage("checked");
                    return client.readTextMessage();
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> responder.heldRequests() == 1);

            assertEveryLoopServes(bystanders);

            responder.answerHeld();
            assertThat(checked.get(30, TimeUnit.SECONDS)).isEqualTo("checked");
        }
    }
}
