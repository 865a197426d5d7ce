package dev.duplex.websocket.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.CertValidation;
import dev.duplex.websocket.CertValidationType;
import dev.duplex.websocket.testkit.OcspResponder;
import dev.duplex.websocket.testkit.TestCertificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache of revocation answers that {@link CertValidation#cacheSize()} bounds, seen at the OCSP responder: an answer
 * in the cache is not asked for again.
 */
class RevocationCheckingTrustManagerTest {
    private final TestCertificates.Authority ca = TestCertificates.authority("Cache CA");
    private OcspResponder responder;

    @BeforeEach
    void startResponder() throws Exception {
        responder = new OcspResponder(ca);
    }

    @AfterEach
    void stopResponder() {
        responder.close();
    }

    @Test
    void keepsAtMostCacheSizeAnswersAndForgetsTheLeastRecentlyUsedFirst() throws Exception {
        X509ExtendedTrustManager manager = managerWithCacheSize(2);
        TestCertificates.Issued alice = issue("alice");
        TestCertificates.Issued bob = issue("bob");
        TestCertificates.Issued carol = issue("carol");
        check(manager, alice);
        check(manager, bob);
        check(manager, alice);
        assertThat(responder.requests()).as("alice's answer came from the cache").isEqualTo(2);

        check(manager, carol);
        check(manager, alice);
        assertThat(responder.requests()).as("carol's answer took bob's place; alice's stayed").isEqualTo(3);

        check(manager, bob);
        assertThat(responder.requests()).as("bob's answer had been forgotten").isEqualTo(4);
    }

    @Test
    void aCacheOfOneKeepsOnlyTheLastAnswer() throws Exception {
        X509ExtendedTrustManager manager = managerWithCacheSize(1);
        TestCertificates.Issued alice = issue("alice");
        TestCertificates.Issued bob = issue("bob");
        check(manager, alice);
        check(manager, alice);
        check(manager, bob);
        check(manager, alice);

        assertThat(responder.requests()).isEqualTo(3);
    }

    private X509ExtendedTrustManager managerWithCacheSize(int cacheSize) {
        return SslContexts.trustManager(List.of(ca.certificate()),
                new CertValidation(CertValidationType.OCSP_CRL, cacheSize, Duration.ofMinutes(5)));
    }

    private TestCertificates.Issued issue(String name) {
        return ca.issue(name).ocspResponder(responder.url()).build();
    }

    private void check(X509ExtendedTrustManager manager, TestCertificates.Issued client) throws CertificateException {
        manager.checkClientTrusted(new X509Certificate[] {client.certificate(), ca.certificate()}, "EC");
    }
}
