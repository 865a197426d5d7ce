package dev.duplex.websocket.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.auth.ValidatorSignatureConfig;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from a JWKS endpoint: fetched when first needed, kept for the cache duration, fetched again when a token
 * names an unknown key id (at most once per minimum refresh interval). Symmetric ({@code oct}) keys in a JWKS are
 * ignored: a published secret is no secret.
 *
 * <p>Thread safety: the key set and the fetch times are guarded by {@link #lock}; one fetch at a time, the others
 * wait for its result rather than fetching again.
 */
public final class JwksKeySource implements JwsKeys {
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);

    private final ValidatorSignatureConfig.Jwks config;
    private final HttpCalls http;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private JWKSet keys;
    /** Guarded by {@link #lock}. */
    private Instant fetchedAt;
    /** Guarded by {@link #lock}. */
    private Instant lastUnknownKeyFetch;

    public JwksKeySource(ValidatorSignatureConfig.Jwks config, Clock clock) {
        this.config = config;
        this.http = new HttpCalls(config.clientConfig());
        this.clock = clock;
    }

    @Override
    public List<JWSVerifier> verifiersFor(JWSHeader header) {
        lock.lock();
        try {
            Instant now = clock.instant();
            boolean fetchedNow = false;
            if (keys == null || !now.isBefore(fetchedAt.plus(config.cacheDuration()))) {
                fetch(now);
                fetchedNow = true;
            }
            List<JWK> candidates = candidates(header);
            if (candidates.isEmpty() && header.getKeyID() != null && !fetchedNow
                    && (lastUnknownKeyFetch == null
                        || !now.isBefore(lastUnknownKeyFetch.plus(config.minRefreshInterval())))) {
                lastUnknownKeyFetch = now;
                LOG.debug("key id {} is not in the JWKS of {}; fetching it again", header.getKeyID(), config.url());
                fetch(now);
                candidates = candidates(header);
            }
            if (candidates.isEmpty()) {
                throw new AuthenticationException(header.getKeyID() == null
                        ? "no key of " + config.url() + " fits algorithm " + header.getAlgorithm()
                        : "no key with id '" + header.getKeyID() + "' and algorithm " + header.getAlgorithm()
                            + " at " + config.url());
            }
            List<JWSVerifier> verifiers = new ArrayList<>();
            for (JWK key : candidates) {
                verifiers.add(JwsAlgorithms.verifier(publicKey(key), header.getAlgorithm(),
                        "JWKS " + config.url() + " key '" + key.getKeyID() + "'"));
            }
            return verifiers;
        } finally {
            lock.unlock();
        }
    }

    /** RSA and EC signing keys matching the header's key id (when it names one) and algorithm family. */
    private List<JWK> candidates(JWSHeader header) {
        List<JWK> candidates = new ArrayList<>();
        for (JWK key : keys.getKeys()) {
            if (header.getKeyID() != null && !header.getKeyID().equals(key.getKeyID())) {
                continue;
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                continue;
            }
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(header.getAlgorithm())) {
                continue;
            }
            boolean fits = key instanceof RSAKey && JwsAlgorithms.RSA.contains(header.getAlgorithm())
                    || key instanceof ECKey && JwsAlgorithms.EC.contains(header.getAlgorithm());
            if (fits) {
                candidates.add(key);
            }
        }
        if (candidates.isEmpty() && header.getKeyID() != null) {
            // A known key id with the wrong family is algorithm confusion, not rotation: say so.
            for (JWK key : keys.getKeys()) {
                if (header.getKeyID().equals(key.getKeyID())) {
                    throw new AuthenticationException("token algorithm " + header.getAlgorithm() + " does not fit "
                            + key.getKeyType() + " key '" + key.getKeyID() + "' of " + config.url() + "; refused");
                }
            }
        }
        return candidates;
    }

    private static java.security.PublicKey publicKey(JWK key) {
        try {
            return key instanceof RSAKey rsa ? rsa.toRSAPublicKey() : ((ECKey) key).toECPublicKey();
        } catch (JOSEException e) {
            throw new AuthenticationException("key '" + key.getKeyID() + "' of the JWKS is unusable: "
                    + e.getMessage(), e);
        }
    }

    /** Called with {@link #lock} held. Keeps the previous set when the fetch fails and there is one. */
    private void fetch(Instant now) {
        try {
            HttpCalls.Response response = http.get(config.url());
            if (!response.isSuccess()) {
                throw new IOException("HTTP " + response.status() + ": " + Json.abbreviate(response.body()));
            }
            keys = JWKSet.parse(response.body());
            fetchedAt = now;
        } catch (IOException | ParseException | RuntimeException e) {
            if (keys == null) {
                throw Unavailable.because("cannot fetch the JWKS from " + config.url() + ": " + e.getMessage(), e);
            }
            LOG.warn("cannot fetch the JWKS from {}; keeping the keys fetched at {}: {}", config.url(), fetchedAt,
                    e.getMessage());
            // Try again after the minimum refresh interval, not at every upgrade while the endpoint is down.
            fetchedAt = now.minus(config.cacheDuration()).plus(config.minRefreshInterval());
        }
    }
}
