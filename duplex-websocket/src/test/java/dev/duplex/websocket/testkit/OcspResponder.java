package dev.duplex.websocket.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An OCSP responder on 127.0.0.1 for one {@link TestCertificates.Authority}: answers "good" for every serial number
 * except the revoked ones, signed by the authority itself, and counts the requests it answered.
 *
 * <p>Thread safety: safe from any thread.
 */
public final class OcspResponder implements AutoCloseable {
    private final TestCertificates.Authority authority;
    private final HttpServer server;
    private final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    /** While set, each request waits for it before being answered (a slow responder). */
    private volatile CountDownLatch hold;

    public OcspResponder(TestCertificates.Authority authority) throws IOException {
        this.authority = authority;
        this.server = HttpServer.create(new InetSocketAddress(TestCertificates.loopback(), 0), 10);
        server.createContext("/ocsp", this::answer);
        server.start();
    }

    /** The URL to name in certificates. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp";
    }

    public void revoke(TestCertificates.Issued issued) {
        revoked.add(issued.certificate().getSerialNumber());
    }

    /**
     * Makes the responder slow: from now on each request waits, before it is answered, until {@link #answerHeld}
     * (or 60 seconds). The responder answers one request at a time, so later requests queue behind a held one.
     */
    public void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    /** How many requests are waiting for {@link #answerHeld}. */
    public int heldRequests() {
        return held.get();
    }

    /** Answers the held requests, and later ones at once. */
    public void answerHeld() {
        CountDownLatch latch = hold;
        hold = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** How many requests it answered. */
    public int requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        waitIfHeld();
        try (exchange) {
            byte[] body;
            if (exchange.getRequestMethod().equals("POST")) {
                body = exchange.getRequestBody().readAllBytes();
            } else {
                String path = exchange.getRequestURI().getRawPath();
                String encoded = path.substring(path.indexOf("/ocsp/") + "/ocsp/".length());
                body = Base64.getDecoder().decode(URLDecoder.decode(encoded, StandardCharsets.US_ASCII));
            }
            byte[] response = respond(new OCSPReq(body)).getEncoded();
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void waitIfHeld() {
        CountDownLatch latch = hold;
        if (latch == null) {
            return;
        }
        held.incrementAndGet();
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.decrementAndGet();
        }
    }

    private OCSPResp respond(OCSPReq request) throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        var builder = new JcaBasicOCSPRespBuilder(authority.certificate().getPublicKey(),
                digests.get(org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1));
        Date now = new Date();
        for (Req one : request.getRequestList()) {
            CertificateStatus status = revoked.contains(one.getCertID().getSerialNumber())
                    ? new RevokedStatus(new Date(now.getTime() - 60_000), CRLReason.keyCompromise)
                    : CertificateStatus.GOOD;
            builder.addResponse(one.getCertID(), status, now, new Date(now.getTime() + 3_600_000), null);
        }
        String algorithm = authority.key().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        X509CertificateHolder[] chain = {new JcaX509CertificateHolder(authority.certificate())};
        BasicOCSPResp basic = builder.build(new JcaContentSignerBuilder(algorithm).build(authority.key()), chain, now);
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
    }

    @Override
    public void close() {
        answerHeld();
        server.stop(0);
    }
}
