package dev.duplex.websocket.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.duplex.websocket.testkit.OcspResponder;
import dev.duplex.websocket.testkit.TestCertificates;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DER that OCSP stapling reads and writes, against the test kit's responder (BouncyCastle): it must understand our
 * requests, and we its responses.
 */
class OcspMessagesTest {
    private final TestCertificates.Authority ca = TestCertificates.authority("Messages CA");
    private OcspResponder responder;

    @BeforeEach
    void startResponder() throws IOException {
        responder = new OcspResponder(ca);
    }

    @AfterEach
    void stopResponder() {
        responder.close();
    }

    @Test
    void findsTheResponderTheCertificateNames() {
        var server = ca.issue("localhost").ocspResponder(responder.url()).build();

        assertThat(OcspMessages.responder(server.certificate())).contains(URI.create(responder.url()));
    }

    @Test
    void findsNoResponderInACertificateWithoutAuthorityInformationAccess() {
        assertThat(OcspMessages.responder(ca.issue("localhost").build().certificate())).isEmpty();
    }

    @Test
    void asksAboutTheCertificateByTheIssuerNameAndKeyHashesAndSerialNumberOfRfc6960() throws Exception {
        var server = ca.issue("localhost").build();
        var expected = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(ca.certificate()), server.certificate().getSerialNumber());

        OCSPReq request = new OCSPReq(OcspMessages.request(server.certificate(), ca.certificate()));

        assertThat(request.getRequestList()).hasSize(1);
        assertThat(request.getRequestList()[0].getCertID()).isEqualTo(expected);
    }

    @Test
    void readsAGoodAnswerWithItsUpdateTimesForTheCertificateAskedAbout() throws Exception {
        var server = ca.issue("localhost").ocspResponder(responder.url()).build();

        OcspMessages.Answer answer = OcspMessages.read(ask(server), server.certificate().getSerialNumber());

        assertThat(answer.status()).isEqualTo(OcspMessages.Status.GOOD);
        assertThat(answer.thisUpdate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(answer.nextUpdate()).hasValueSatisfying(next ->
                assertThat(next).isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(1, ChronoUnit.MINUTES)));
    }

    @Test
    void readsARevokedAnswer() throws Exception {
        var server = ca.issue("localhost").ocspResponder(responder.url()).build();
        responder.revoke(server);

        assertThat(OcspMessages.read(ask(server), server.certificate().getSerialNumber()).status())
                .isEqualTo(OcspMessages.Status.REVOKED);
    }

    @Test
    void refusesAResponseAboutAnotherCertificate() throws Exception {
        var server = ca.issue("localhost").ocspResponder(responder.url()).build();
        byte[] response = ask(server);

        assertThatThrownBy(() -> OcspMessages.read(response, BigInteger.ONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("says nothing about serial number 1");
    }

    @Test
    void namesTheStatusOfAnUnsuccessfulResponse() {
        byte[] tryLater = {0x30, 0x03, 0x0A, 0x01, 0x03};

        assertThatThrownBy(() -> OcspMessages.read(tryLater, BigInteger.ONE))
                .isInstanceOf(IOException.class)
                .hasMessage("the OCSP responder answered tryLater");
    }

    @Test
    void refusesTruncatedDer() {
        byte[] truncated = {0x30, 0x10, 0x0A, 0x01};

        assertThatThrownBy(() -> OcspMessages.read(truncated, BigInteger.ONE)).isInstanceOf(IOException.class);
    }

    @Test
    void keepsAResponseForTheValidityPeriodOrUntilItsNextUpdateIfSooner() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(OcspStaple.expiry(now, Duration.ofMinutes(10), Optional.empty()))
                .isEqualTo(now.plus(Duration.ofMinutes(10)));
        assertThat(OcspStaple.expiry(now, Duration.ofMinutes(10), Optional.of(now.plus(Duration.ofMinutes(4)))))
                .isEqualTo(now.plus(Duration.ofMinutes(4)));
        assertThat(OcspStaple.expiry(now, Duration.ofMinutes(10), Optional.of(now.plus(Duration.ofHours(4)))))
                .isEqualTo(now.plus(Duration.ofMinutes(10)));
    }

    @Test
    void fetchesAgainHalfwayToExpiryButNotWithinASecond() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(OcspStaple.refreshTime(now, now.plus(Duration.ofMinutes(10))))
                .isEqualTo(now.plus(Duration.ofMinutes(5)));
        assertThat(OcspStaple.refreshTime(now, now.plus(Duration.ofMillis(500))))
                .isEqualTo(now.plus(Duration.ofSeconds(1)));
    }

    @Test
    void retriesAFailedFetchWithinTheRetryIntervalAndBeforeTheCurrentResponseExpires() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(OcspStaple.retryTime(now, now.plus(Duration.ofHours(1))))
                .isEqualTo(now.plus(OcspStaple.RETRY_INTERVAL));
        assertThat(OcspStaple.retryTime(now, now.plus(Duration.ofSeconds(20))))
                .isEqualTo(now.plus(Duration.ofSeconds(10)));
    }

    /** Posts our request for {@code issued} to the responder and returns its answer. */
    private byte[] ask(TestCertificates.Issued issued) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(responder.url()))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OcspMessages.request(issued.certificate(),
                        ca.certificate())))
                .build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("the responder understood the request").isEqualTo(200);
        return response.body();
    }
}
