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

    /** The unencrypted PKCS#8 PEM private key in {@code keyFile} ({@code -----BEGIN PRIVATE KEY-----}). */
    public static IssuerSignatureConfig keyFile(SigningAlgorithm algorithm, Path keyFile) {
        return new IssuerSignatureConfig(algorithm, PemFiles.privateKey(keyFile), "keyFile " + keyFile);
    }

    /** The private key {@code keyAlias} of {@code keyStore}, unlocked with {@code keyPassword}. */
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

    /** A private key the application holds. */
    public static IssuerSignatureConfig privateKey(SigningAlgorithm algorithm, PrivateKey key) {
        return new IssuerSignatureConfig(algorithm, key, "privateKey");
    }

    /** An HMAC secret, UTF-8. */
    public static IssuerSignatureConfig secret(SigningAlgorithm algorithm, String secret) {
        return new IssuerSignatureConfig(algorithm,
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA" + algorithm.name().substring(2)), "secret");
    }

    @Override
    public String toString() {
        return "IssuerSignatureConfig[algorithm=" + algorithm + ", key=" + source + "]";
    }
}
