package dev.duplex.websocket.auth;

/**
 * How a client signs the JWTs it issues ({@link JwtIssuerConfig}); RFC 7518 §3.1. The reference also lists
 * {@code NONE}; an unsigned token is refused by any careful listener, this one included, so it is not offered.
 *
 * <p>Thread safety: immutable.
 */
public enum SigningAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256; an RSA private key. */
    RS256,
    /** RSASSA-PKCS1-v1_5 with SHA-384; an RSA private key. */
    RS384,
    /** RSASSA-PKCS1-v1_5 with SHA-512; an RSA private key. */
    RS512,
    /** RSASSA-PSS with SHA-256; an RSA private key. */
    PS256,
    /** ECDSA with P-256 and SHA-256; an EC private key on P-256. */
    ES256,
    /** ECDSA with P-384 and SHA-384; an EC private key on P-384. */
    ES384,
    /** ECDSA with P-521 and SHA-512; an EC private key on P-521. */
    ES512,
    /** HMAC with SHA-256; a secret of at least 32 bytes. */
    HS256,
    /** HMAC with SHA-384; a secret of at least 48 bytes. */
    HS384,
    /** HMAC with SHA-512; a secret of at least 64 bytes. */
    HS512;

    /** {@return whether this algorithm signs with a shared secret (HS*) rather than a private key} */
    public boolean isHmac() {
        return name().startsWith("HS");
    }

    /** {@return whether this algorithm signs with an RSA key (RS* and PS*)} */
    public boolean isRsa() {
        return name().startsWith("RS") || name().startsWith("PS");
    }

    /**
     * {@return the least secret length in bytes for an HMAC algorithm (the hash length, RFC 7518 §3.2); 0 otherwise}
     */
    public int minimumSecretBytes() {
        return isHmac() ? Integer.parseInt(name().substring(2)) / 8 : 0;
    }
}
