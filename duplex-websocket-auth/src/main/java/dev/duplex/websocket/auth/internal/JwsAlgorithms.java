package dev.duplex.websocket.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.duplex.websocket.AuthenticationException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * The algorithm families (RFC 7518 §3.1) and the rule that a key decides its family: an RSA key verifies only
 * RS and PS algorithms, an EC key only ES, a secret only HS. A token naming another algorithm is refused before any
 * cryptography, which closes the "algorithm confusion" hole (an HS256 token "signed" with the RSA public key).
 */
public final class JwsAlgorithms {
    public static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    public static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    public static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

    private JwsAlgorithms() {
    }

    /** A verifier of {@code key} for {@code algorithm}, refusing an algorithm outside the key's family. */
    public static JWSVerifier verifier(PublicKey key, JWSAlgorithm algorithm, String keySource) {
        try {
            if (key instanceof RSAPublicKey rsa) {
                requireFamily(RSA, algorithm, "RSA", keySource);
                return new RSASSAVerifier(rsa);
            }
            if (key instanceof ECPublicKey ec) {
                requireFamily(EC, algorithm, "EC", keySource);
                return new ECDSAVerifier(ec);
            }
        } catch (JOSEException e) {
            throw new AuthenticationException("the key of " + keySource + " cannot verify " + algorithm + ": "
                    + e.getMessage(), e);
        }
        throw new AuthenticationException("the key of " + keySource + " is neither RSA nor EC");
    }

    /** A verifier of an HMAC {@code secret} for {@code algorithm}, refusing anything but HS256/384/512. */
    public static JWSVerifier verifier(byte[] secret, JWSAlgorithm algorithm) {
        requireFamily(HMAC, algorithm, "HMAC secret", "the configured secret");
        try {
            return new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new AuthenticationException("the configured secret cannot verify " + algorithm + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireFamily(Set<JWSAlgorithm> family, JWSAlgorithm algorithm, String keyKind,
                                      String keySource) {
        if (!family.contains(algorithm)) {
            throw new AuthenticationException("token algorithm " + algorithm + " does not fit the " + keyKind
                    + " key of " + keySource + " (expected one of " + family + "); refused");
        }
    }
}
