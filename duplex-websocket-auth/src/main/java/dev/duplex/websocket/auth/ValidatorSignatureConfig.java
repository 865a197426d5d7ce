package dev.duplex.websocket.auth;

import dev.duplex.websocket.auth.internal.PemFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a JWT's signature is checked (the reference's {@code jwt:ValidatorSignatureConfig}): keys from a JWKS URL, a
 * certificate file, a trust store entry, or an HMAC secret. Each fixes the family of algorithms it accepts — RSA keys
 * RS256/384/512 and PS256/384/512, EC keys ES256/384/512, secrets HS256/384/512 — so a token cannot choose another
 * (no HMAC "signed" with a public key, no {@code alg: none}).
 *
 * <p>Keys from files and key stores are read when the configuration is made, so a bad file fails there; a JWKS is
 * fetched at the first upgrade.
 *
 * <p>Thread safety: immutable.
 */
public sealed interface ValidatorSignatureConfig {
    /**
     * Keys from a JWKS URL with the defaults of {@link Jwks}, fetched with {@link HttpClientConfig#DEFAULT}.
     *
     * @param url the JWKS URL, {@code http} or {@code https}
     * @return the configuration
     * @throws IllegalArgumentException when {@code url} is not an {@code http} or {@code https} URI
     */
    static Jwks jwks(String url) {
        return new Jwks(URI.create(url), Jwks.DEFAULT_CACHE_DURATION, Jwks.DEFAULT_MIN_REFRESH_INTERVAL,
                HttpClientConfig.DEFAULT);
    }

    /**
     * Keys from a JWKS URL fetched with {@code clientConfig} (e.g. to trust a private CA).
     *
     * @param url          the JWKS URL, {@code http} or {@code https}
     * @param clientConfig how the URL is fetched; not {@code null}
     * @return the configuration
     * @throws IllegalArgumentException when {@code url} is not {@code http} or {@code https}
     */
    static Jwks jwks(URI url, HttpClientConfig clientConfig) {
        return new Jwks(url, Jwks.DEFAULT_CACHE_DURATION, Jwks.DEFAULT_MIN_REFRESH_INTERVAL, clientConfig);
    }

    /**
     * The public key of a PEM file: a certificate or a {@code PUBLIC KEY} block, read now.
     *
     * @param pemFile the PEM file
     * @return the configuration
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException     when it holds no RSA or EC public key
     */
    static PublicKeyConfig certFile(Path pemFile) {
        return new PublicKeyConfig(PemFiles.publicKey(pemFile), "certFile " + pemFile);
    }

    /**
     * The public key of certificate {@code certAlias} in {@code trustStore}.
     *
     * @param trustStore a loaded key store
     * @param certAlias  the certificate's alias
     * @return the configuration
     * @throws IllegalArgumentException when the store is not loaded, has no such certificate, or its key is neither
     *                                  RSA nor EC
     */
    static PublicKeyConfig trustStore(KeyStore trustStore, String certAlias) {
        Certificate certificate;
        try {
            certificate = trustStore.getCertificate(certAlias);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("the trust store is not loaded: " + e.getMessage(), e);
        }
        if (certificate == null) {
            throw new IllegalArgumentException("the trust store has no certificate with alias '" + certAlias + "'");
        }
        return new PublicKeyConfig(certificate.getPublicKey(), "trustStore alias " + certAlias);
    }

    /**
     * A public key the application already has.
     *
     * @param key an RSA or EC public key
     * @return the configuration
     * @throws IllegalArgumentException when the key is neither RSA nor EC
     */
    static PublicKeyConfig publicKey(PublicKey key) {
        return new PublicKeyConfig(key, "publicKey");
    }

    /**
     * An HMAC secret (HS256/384/512), UTF-8.
     *
     * @param secret the secret; at least 32 bytes in UTF-8
     * @return the configuration
     * @throws IllegalArgumentException when the secret is shorter than 32 bytes
     */
    static Secret secret(String secret) {
        return new Secret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Keys published at a JWKS URL (RFC 7517). The set is fetched at the first upgrade, kept for
     * {@code cacheDuration}, and fetched again at once when a token names a key id ({@code kid}) the set lacks —
     * the issuer rotated its keys — but not more often than once per {@code minRefreshInterval}, so tokens with
     * made-up key ids cannot make the listener hammer the issuer. When a fetch fails, the keys fetched before stay
     * in use.
     *
     * <p>Thread safety: immutable; the fetched keys live in the authenticator, which is safe for concurrent upgrades.
     *
     * @param url                the JWKS URL
     * @param cacheDuration      how long a fetched set is used; default 1 hour
     * @param minRefreshInterval the least time between two fetches caused by unknown key ids; default 30 s
     * @param clientConfig       how the URL is fetched (TLS, timeouts)
     */
    record Jwks(URI url, Duration cacheDuration, Duration minRefreshInterval, HttpClientConfig clientConfig)
            implements ValidatorSignatureConfig {
        /** How long a fetched set is used by default: 1 hour. */
        public static final Duration DEFAULT_CACHE_DURATION = Duration.ofHours(1);
        /** The least time between two fetches caused by unknown key ids, by default: 30 s. */
        public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

        /**
         * A JWKS source; prefer {@link ValidatorSignatureConfig#jwks(String)}.
         *
         * @param url                the JWKS URL, {@code http} or {@code https}
         * @param cacheDuration      how long a fetched set is used; not negative
         * @param minRefreshInterval the least time between two fetches caused by unknown key ids; not negative
         * @param clientConfig       how the URL is fetched; not {@code null}
         * @throws IllegalArgumentException when the URL is not {@code http} or {@code https}, or a duration is
         *                                  negative
         * @throws NullPointerException     when a value is {@code null}
         */
        public Jwks {
            Objects.requireNonNull(url, "jwks url must not be null");
            if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException("jwks url must be http or https, was " + url);
            }
            Objects.requireNonNull(cacheDuration, "cacheDuration must not be null");
            Objects.requireNonNull(minRefreshInterval, "minRefreshInterval must not be null");
            if (cacheDuration.isNegative() || minRefreshInterval.isNegative()) {
                throw new IllegalArgumentException("cacheDuration and minRefreshInterval cannot be negative, were "
                        + cacheDuration + " and " + minRefreshInterval);
            }
            Objects.requireNonNull(clientConfig, "clientConfig must not be null");
        }

        /**
         * This configuration with another cache duration.
         *
         * @param cacheDuration how long a fetched set is used; not negative
         * @return a new configuration; this one is unchanged
         */
        public Jwks withCacheDuration(Duration cacheDuration) {
            return new Jwks(url, cacheDuration, minRefreshInterval, clientConfig);
        }

        /**
         * This configuration with another minimum refresh interval.
         *
         * @param minRefreshInterval the least time between two fetches caused by unknown key ids; not negative
         * @return a new configuration; this one is unchanged
         */
        public Jwks withMinRefreshInterval(Duration minRefreshInterval) {
            return new Jwks(url, cacheDuration, minRefreshInterval, clientConfig);
        }
    }

    /**
     * One public key, RSA or EC.
     *
     * <p>Thread safety: immutable.
     *
     * @param key    the key
     * @param source where it came from, for messages
     */
    record PublicKeyConfig(PublicKey key, String source) implements ValidatorSignatureConfig {
        /**
         * One public key; prefer the factories of {@link ValidatorSignatureConfig}.
         *
         * @param key    an RSA or EC public key; not {@code null}
         * @param source where it came from, for messages
         * @throws IllegalArgumentException when the key is neither RSA nor EC
         * @throws NullPointerException     when the key is {@code null}
         */
        public PublicKeyConfig {
            Objects.requireNonNull(key, "key must not be null");
            if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
                throw new IllegalArgumentException("only RSA and EC public keys verify JWTs here; " + source
                        + " holds a " + key.getAlgorithm() + " key");
            }
        }
    }

    /**
     * An HMAC secret. Equal to another with the same bytes; {@code toString()} hides them.
     *
     * <p>Thread safety: immutable; the bytes are copied in and out.
     *
     * @param secret the secret bytes, at least 32 (RFC 7518 §3.2: the key must be as long as the hash)
     */
    record Secret(byte[] secret) implements ValidatorSignatureConfig {
        /**
         * An HMAC secret; the bytes are copied.
         *
         * @param secret the secret bytes, at least 32
         * @throws IllegalArgumentException when the secret is shorter than 32 bytes
         * @throws NullPointerException     when the secret is {@code null}
         */
        public Secret {
            Objects.requireNonNull(secret, "secret must not be null");
            if (secret.length < 32) {
                throw new IllegalArgumentException("an HMAC secret must have at least 32 bytes (256 bits), this one has "
                        + secret.length);
            }
            secret = secret.clone();
        }

        /** {@return the secret bytes; a copy} */
        @Override
        public byte[] secret() {
            return secret.clone();
        }

        /**
         * Compares the secret bytes, not the arrays' identity.
         *
         * @param other the object to compare with
         * @return {@code true} when {@code other} is a {@code Secret} with the same bytes
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Secret that && Arrays.equals(secret, that.secret);
        }

        /** {@return a hash of the secret bytes} */
        @Override
        public int hashCode() {
            return Arrays.hashCode(secret);
        }

        /** {@return the type's name, with the secret hidden} */
        @Override
        public String toString() {
            return "Secret[****]";
        }
    }
}
