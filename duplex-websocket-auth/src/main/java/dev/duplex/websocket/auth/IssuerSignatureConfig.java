package dev.duplex.websocket.auth;

import dev.duplex.websocket.auth.internal.PemFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a client signs the JWTs it issues (the reference's {@code jwt:IssuerSignatureConfig}): an algorithm and a key
 * that fits it, from a PEM key file, a key store, a key the application holds, or an HMAC secret. The key is read
 * and checked against the algorithm when this is made.
 *
 * <p>Thread safety: immutable.
 *
 * @param algorithm the algorithm
 * @param key       an RSA or EC private key, or an HMAC secret key
 * @param source    where the key came from, for messages
 */
public record IssuerSignatureConfig(SigningAlgorithm algorithm, Key key, String source) {
    /**
     * An algorithm and a key that fits it; prefer the factories, which read the key.
     *
     * @param algorithm the algorithm; not {@code null}
     * @param key       an RSA private key for RS* and PS*, an EC private key for ES*, a {@link SecretKeySpec} for HS*
     * @param source    where the key came from, for messages
     * @throws IllegalArgumentException when the key does not fit the algorithm, or an HMAC secret is shorter than
     *                                  {@link SigningAlgorithm#minimumSecretBytes()}
     * @throws NullPointerException     when {@code algorithm} or {@code key} is {@code null}
     */
    public IssuerSignatureConfig {
        Objects.requireNonNull(algorithm, "algorithm must not be null");
        Objects.requireNonNull(key, "key must not be null");
        boolean fits = algorithm.isHmac() ? key instanceof SecretKeySpec
                : algorithm.isRsa() ? key instanceof RSAPrivateKey
                : key instanceof ECPrivateKey;
        if (!fits) {
            throw new IllegalArgumentException(algorithm + " needs " + (algorithm.isHmac() ? "a secret"
                    : algorithm.isRsa() ? "an RSA private key" : "an EC private key") + "; " + source + " holds a "
                    + key.getAlgorithm() + " key");
        }
        if (algorithm.isHmac() && key.getEncoded().length < algorithm.minimumSecretBytes()) {
            throw new IllegalArgumentException(algorithm + " needs a secret of at least "
                    + algorithm.minimumSecretBytes() + " bytes, this one has " + key.getEncoded().length);
        }
    }

    /**
     * The unencrypted PKCS#8 PEM private key in {@code keyFile} ({@code -----BEGIN PRIVATE KEY-----}), read now.
     *
     * @param algorithm the algorithm; RS*, PS* or ES*
     * @param keyFile   the PEM file
     * @return the configuration
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException     when the file holds no such key, or the key does not fit the algorithm
     */
    public static IssuerSignatureConfig keyFile(SigningAlgorithm algorithm, Path keyFile) {
        return new IssuerSignatureConfig(algorithm, PemFiles.privateKey(keyFile), "keyFile " + keyFile);
    }

    /**
     * The private key {@code keyAlias} of {@code keyStore}, unlocked with {@code keyPassword}.
     *
     * @param algorithm   the algorithm; RS*, PS* or ES*
     * @param keyStore    a loaded key store
     * @param keyAlias    the entry's alias
     * @param keyPassword the entry's password
     * @return the configuration
     * @throws IllegalArgumentException when the entry cannot be read, is not a private key, or does not fit the
     *                                  algorithm
     */
    public static IssuerSignatureConfig keyStore(SigningAlgorithm algorithm, KeyStore keyStore, String keyAlias,
                                                 char[] keyPassword) {
        Key key;
        try {
            key = keyStore.getKey(keyAlias, keyPassword);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read key '" + keyAlias + "' of the key store: "
                    + e.getMessage(), e);
        }
        if (!(key instanceof PrivateKey)) {
            throw new IllegalArgumentException("the key store has no private key with alias '" + keyAlias + "'");
        }
        return new IssuerSignatureConfig(algorithm, key, "keyStore alias " + keyAlias);
    }

    /**
     * A private key the application holds.
     *
     * @param algorithm the algorithm; RS*, PS* or ES*
     * @param key       an RSA or EC private key
     * @return the configuration
     * @throws IllegalArgumentException when the key does not fit the algorithm
     */
    public static IssuerSignatureConfig privateKey(SigningAlgorithm algorithm, PrivateKey key) {
        return new IssuerSignatureConfig(algorithm, key, "privateKey");
    }

    /**
     * An HMAC secret, UTF-8.
     *
     * @param algorithm the algorithm; HS256, HS384 or HS512
     * @param secret    the secret; at least 32, 48 or 64 bytes in UTF-8 for HS256, HS384 and HS512
     * @return the configuration
     * @throws IllegalArgumentException when the secret is too short or the algorithm is not an HMAC one
     */
    public static IssuerSignatureConfig secret(SigningAlgorithm algorithm, String secret) {
        return new IssuerSignatureConfig(algorithm,
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA" + algorithm.name().substring(2)), "secret");
    }

    /** {@return the algorithm and where the key came from, never the key} */
    @Override
    public String toString() {
        return "IssuerSignatureConfig[algorithm=" + algorithm + ", key=" + source + "]";
    }
}
