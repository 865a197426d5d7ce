package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.CertValidation;
import dev.duplex.websocket.CertValidationType;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies the peer's chain with the delegate (path, validity, host name), then checks that no certificate of it is
 * revoked, by OCSP at the responder the certificate names with the CRL at its distribution point as the fallback, as
 * {@link CertValidation} asks. With {@link CertValidationType#OCSP_STAPLING}, OCSP responses the server stapled are
 * used first.
 *
 * <p>Answers (good or revoked) are cached per end-entity certificate: at most {@code cacheSize} of them, each for
 * {@code cacheValidityPeriod}. An answer that could not be had (responder down) is not cached; the handshake fails.
 *
 * <p>Thread safety: called concurrently from event loops (or workers); the cache is guarded by itself.
 */
final class RevocationCheckingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final Set<TrustAnchor> anchors;
    private final CertValidation validation;
    private final Clock clock;
    /** Guarded by itself; access order, so the least recently used answer goes first. */
    private final LinkedHashMap<String, Answer> answers;

    private record Answer(CertificateException revoked, Instant expires) {
    }

    RevocationCheckingTrustManager(X509ExtendedTrustManager delegate, Set<TrustAnchor> anchors,
                                   CertValidation validation, Clock clock) {
        this.delegate = delegate;
        this.anchors = Set.copyOf(anchors);
        this.validation = validation;
        this.clock = clock;
        int capacity = validation.cacheSize();
        this.answers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        checkRevocation(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        checkRevocation(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        checkRevocation(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        checkRevocation(chain, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
        checkRevocation(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        checkRevocation(chain, null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private void checkRevocation(X509Certificate[] chain, SSLSession handshake) throws CertificateException {
        String key = fingerprint(chain[0]);
        Instant now = clock.instant();
        synchronized (answers) {
            Answer cached = answers.get(key);
            if (cached != null && cached.expires().isAfter(now)) {
                if (cached.revoked() != null) {
                    throw cached.revoked();
                }
                return;
            }
        }
        CertificateException revoked = validate(chain, handshake);
        synchronized (answers) {
            answers.put(key, new Answer(revoked, now.plus(validation.cacheValidityPeriod())));
        }
        if (revoked != null) {
            throw revoked;
        }
    }

    /** Returns the failure when a certificate is revoked; throws when the status could not be found. */
    private CertificateException validate(X509Certificate[] chain, SSLSession handshake)
            throws CertificateException {
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
            if (validation.type() == CertValidationType.OCSP_STAPLING && handshake instanceof ExtendedSSLSession tls) {
                checker.setOcspResponses(stapled(chain, tls.getStatusResponses()));
            }
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.addCertPathChecker(checker);
            parameters.setRevocationEnabled(true);
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return null;
        } catch (CertPathValidatorException e) {
            CertificateException failure = new CertificateException(describe(e), e);
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return failure;
            }
            throw failure;
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot check revocation: " + e.getMessage(), e);
        }
    }

    private static String describe(CertPathValidatorException e) {
        if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
            return "certificate revoked: " + e.getMessage();
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return "revocation status undetermined (no OCSP responder or CRL could be reached): " + e.getMessage();
        }
        return "revocation check failed: " + e.getMessage();
    }

    private boolean isAnchor(X509Certificate certificate) {
        for (TrustAnchor anchor : anchors) {
            if (certificate.equals(anchor.getTrustedCert())) {
                return true;
            }
        }
        return false;
    }

    private static Map<X509Certificate, byte[]> stapled(X509Certificate[] chain, List<byte[]> responses) {
        Map<X509Certificate, byte[]> byCertificate = new HashMap<>();
        for (int i = 0; i < Math.min(chain.length, responses.size()); i++) {
            if (responses.get(i) != null && responses.get(i).length > 0) {
                byCertificate.put(chain[i], responses.get(i));
            }
        }
        return byCertificate;
    }

    private static String fingerprint(X509Certificate certificate) throws CertificateException {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e);
        }
    }
}
