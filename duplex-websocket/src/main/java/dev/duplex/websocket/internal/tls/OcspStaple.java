package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.CertValidation;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSP response a listener staples for its own certificate ({@code CertValidationType.OCSP_STAPLING}, OpenSSL
 * engine). It is fetched from the responder the certificate's authority information access extension names (an HTTP
 * POST, at most {@link #FETCH_TIMEOUT}), checked with the JDK's certificate path validator against the issuer, kept
 * until {@code cacheValidityPeriod} has passed or the response's {@code nextUpdate} comes (whichever is sooner), and
 * fetched again in the background when half of that time is left. A "revoked" answer is stapled too: it is the
 * truth, and clients should see it. A fetch that fails leaves the current response in place until it expires, and is
 * retried; with no valid response, nothing is stapled and clients ask the responder themselves.
 *
 * <p>Thread safety: {@link #response()} is read by every event loop; {@link #current} is volatile and written only
 * by the thread that fetches (the starting thread for {@link #fetchNow()}, the scheduler's thread after that). The
 * scheduled fetch is guarded by this object.
 */
final class OcspStaple {
    /** How long one fetch may take, connecting included. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    /** How soon a failed fetch is tried again when no valid response is left. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);
    private static final Duration SOONEST_REFRESH = Duration.ofSeconds(1);
    /** Far more than a response with its responder's certificates takes; a bound on what a responder can make us read. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(OcspStaple.class);

    private final X509Certificate certificate;
    private final X509Certificate issuer;
    private final URI responder;
    private final Duration validity;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private volatile Stapled current;
    /** Guarded by this. */
    private ScheduledFuture<?> nextFetch;
    /** Guarded by this. */
    private boolean stopped;

    /** A response and the moment it stops being stapled. */
    private record Stapled(byte[] response, Instant expires) {
    }

    private OcspStaple(X509Certificate certificate, X509Certificate issuer, URI responder, Duration validity,
                       ScheduledExecutorService scheduler, Clock clock) {
        this.certificate = certificate;
        this.issuer = issuer;
        this.responder = responder;
        this.validity = validity;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * A staple for the first certificate of {@code chain}, or empty (logged) when nothing can be stapled: the
     * certificate names no OCSP responder, or the chain lacks its issuer, whose name and key an OCSP request carries.
     *
     * @param source where the chain was read from, for the log
     */
    static Optional<OcspStaple> forChain(List<X509Certificate> chain, CertValidation validation,
                                         ScheduledExecutorService scheduler, Clock clock, String source) {
        X509Certificate certificate = chain.get(0);
        Optional<URI> responder = OcspMessages.responder(certificate);
        if (responder.isEmpty()) {
            LOG.warn("OCSP stapling (CertValidationType.OCSP_STAPLING): the listener's certificate {} names no http://"
                    + " OCSP responder in its authority information access extension; nothing is stapled",
                    certificate.getSubjectX500Principal().getName());
            return Optional.empty();
        }
        if (chain.size() < 2 || !chain.get(1).getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            LOG.warn("OCSP stapling (CertValidationType.OCSP_STAPLING): the chain in {} does not hold the issuer of the"
                    + " listener's certificate right after it, and an OCSP request needs the issuer's name and key;"
                    + " nothing is stapled", source);
            return Optional.empty();
        }
        return Optional.of(new OcspStaple(certificate, chain.get(1), responder.get(),
                validation.cacheValidityPeriod(), scheduler, clock));
    }

    /** Whether this staples for {@code candidate}. */
    boolean staples(X509Certificate candidate) {
        return certificate.equals(candidate);
    }

    /** The response to staple now, or {@code null} when there is none that is still valid. */
    byte[] response() {
        Stapled stapled = current;
        return stapled != null && clock.instant().isBefore(stapled.expires()) ? stapled.response() : null;
    }

    /** Fetches on the calling thread (at most {@link #FETCH_TIMEOUT}), then keeps refreshing in the background. */
    void fetchNow() {
        fetch();
    }

    /** Fetches on the scheduler's thread at once, then keeps refreshing there. */
    synchronized void fetchSoon() {
        if (!stopped) {
            nextFetch = scheduler.schedule(this::fetch, 0, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops refreshing; a fetch under way finishes but schedules nothing. */
    synchronized void stop() {
        stopped = true;
        if (nextFetch != null) {
            nextFetch.cancel(false);
        }
    }

    private void fetch() {
        Instant now = clock.instant();
        try {
            byte[] response = download();
            OcspMessages.Answer answer = OcspMessages.read(response, certificate.getSerialNumber());
            Instant expires = expiry(now, validity, answer.nextUpdate());
            boolean revoked = validate(response);
            current = new Stapled(response, expires);
            if (revoked) {
                LOG.warn("OCSP stapling: the responder {} says the listener's certificate {} is REVOKED; clients are"
                        + " shown that answer until {}", responder, certificate.getSubjectX500Principal().getName(),
                        expires);
            } else {
                LOG.debug("OCSP stapling: fetched a {} response from {}, stapled until {}", answer.status(),
                        responder, expires);
            }
            scheduleFetch(refreshTime(now, expires));
        } catch (IOException | GeneralSecurityException e) {
            Stapled stapled = current;
            boolean keeping = stapled != null && now.isBefore(stapled.expires());
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("OCSP stapling: cannot get a usable response for the listener's certificate from {}: {}; {}",
                    responder, reason, keeping ? "keeping the current one until " + stapled.expires()
                            : "stapling nothing until a fetch succeeds");
            scheduleFetch(keeping ? retryTime(now, stapled.expires()) : now.plus(RETRY_INTERVAL));
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void scheduleFetch(Instant at) {
        if (!stopped) {
            long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
            nextFetch = scheduler.schedule(this::fetch, delay, TimeUnit.NANOSECONDS);
        }
    }

    private byte[] download() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(responder)
                .timeout(FETCH_TIMEOUT)
                .header("Content-Type", "application/ocsp-request")
                .header("Accept", "application/ocsp-response")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OcspMessages.request(certificate, issuer)))
                .build();
        HttpResponse<InputStream> response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                throw new IOException("the response is larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Has the JDK check the response as a client would (signature, responder, times, certificate) and returns
     * whether it says "revoked".
     *
     * @throws GeneralSecurityException when the response would be rejected, or says "unknown"
     */
    private boolean validate(byte[] response) throws GeneralSecurityException {
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
        checker.setOcspResponses(Map.of(certificate, response));
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(issuer, null)));
        parameters.addCertPathChecker(checker);
        parameters.setRevocationEnabled(true);
        try {
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)),
                    parameters);
            return false;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return true;
            }
            throw e;
        }
    }

    /** When a response fetched at {@code now} stops being stapled: after the validity, or at nextUpdate if sooner. */
    static Instant expiry(Instant now, Duration validity, Optional<Instant> nextUpdate) {
        Instant kept = now.plus(validity);
        return nextUpdate.filter(next -> next.isBefore(kept)).orElse(kept);
    }

    /** When to fetch a response that expires at {@code expires}: halfway there, and not within a second. */
    static Instant refreshTime(Instant now, Instant expires) {
        Duration half = Duration.between(now, expires).dividedBy(2);
        return now.plus(half.compareTo(SOONEST_REFRESH) < 0 ? SOONEST_REFRESH : half);
    }

    /** When to try again after a failure while the current response lasts until {@code expires}. */
    static Instant retryTime(Instant now, Instant expires) {
        Instant halfway = refreshTime(now, expires);
        Instant regular = now.plus(RETRY_INTERVAL);
        return halfway.isBefore(regular) ? halfway : regular;
    }

    /** One HTTP client for every listener's fetches, made on first use (it owns a selector thread). */
    private static final class Http {
        static final HttpClient CLIENT = build();

        private static HttpClient build() {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER);
            ProxySelector proxies = ProxySelector.getDefault();
            if (proxies != null) {
                builder.proxy(proxies);
            }
            return builder.build();
        }
    }
}
