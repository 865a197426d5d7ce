package dev.duplex.websocket.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.auth.JwtValidatorConfig;
import dev.duplex.websocket.auth.ValidatorSignatureConfig;
import java.math.BigDecimal;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validates a JWT against a {@link JwtValidatorConfig}: structure, algorithm, signature, then claims. Every refusal
 * is an {@link AuthenticationException} whose message says what was expected and what the token had.
 *
 * <p>Thread safety: safe for concurrent use; the only state is in the {@link JwsKeys}.
 */
public final class JwtVerifier {
    private final JwtValidatorConfig config;
    private final JwsKeys keys;

    public JwtVerifier(JwtValidatorConfig config) {
        this.config = config;
        this.keys = keysOf(config);
    }

    private static JwsKeys keysOf(JwtValidatorConfig config) {
        ValidatorSignatureConfig signature = config.signatureConfig();
        if (signature instanceof ValidatorSignatureConfig.Jwks jwks) {
            return new JwksKeySource(jwks, config.clock());
        }
        if (signature instanceof ValidatorSignatureConfig.PublicKeyConfig publicKey) {
            return header -> List.of(JwsAlgorithms.verifier(publicKey.key(), header.getAlgorithm(),
                    publicKey.source()));
        }
        byte[] secret = ((ValidatorSignatureConfig.Secret) signature).secret();
        return header -> List.of(JwsAlgorithms.verifier(secret, header.getAlgorithm()));
    }

    /**
     * The claims of {@code token} when it is valid.
     *
     * @throws AuthenticationException when it is not
     */
    public JWTClaimsSet verify(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new AuthenticationException("malformed JWT: " + e.getMessage());
        }
        if (jwt instanceof PlainJWT) {
            throw new AuthenticationException("unsigned JWT (alg: none) refused");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new AuthenticationException("encrypted JWT (JWE) refused; a signed JWT (JWS) is expected");
        }
        JWSHeader header = signed.getHeader();
        if (config.keyId() != null && !config.keyId().equals(header.getKeyID())) {
            throw new AuthenticationException("token key id '" + header.getKeyID() + "' is not the expected '"
                    + config.keyId() + "'");
        }
        if (!verifies(signed, keys.verifiersFor(header))) {
            throw new AuthenticationException("JWT signature does not verify (" + header.getAlgorithm()
                    + (header.getKeyID() == null ? "" : ", key id '" + header.getKeyID() + "'") + ")");
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthenticationException("JWT claims are not a JSON object: " + e.getMessage());
        }
        checkTimes(claims);
        checkIdentity(claims);
        return claims;
    }

    private static boolean verifies(SignedJWT signed, List<JWSVerifier> verifiers) {
        for (JWSVerifier verifier : verifiers) {
            try {
                if (signed.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                if (verifier instanceof MACVerifier) {
                    throw new AuthenticationException("JWT signature cannot be checked: " + e.getMessage(), e);
                }
                // an EC key of another curve, say: try the next key
            } catch (IllegalStateException e) {
                throw new AuthenticationException("JWT signature cannot be checked: " + e.getMessage(), e);
            }
        }
        return false;
    }

    private void checkTimes(JWTClaimsSet claims) {
        Instant now = config.clock().instant();
        Date expiration = claims.getExpirationTime();
        if (expiration == null) {
            if (config.requireExpirationTime()) {
                throw new AuthenticationException("JWT has no exp claim (JwtValidatorConfig.requireExpirationTime)");
            }
        } else if (now.isAfter(expiration.toInstant().plus(config.clockSkew()))) {
            throw new AuthenticationException("JWT expired at " + expiration.toInstant() + " (now " + now
                    + ", clockSkew=" + config.clockSkew() + ")");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(config.clockSkew()).isBefore(notBefore.toInstant())) {
            throw new AuthenticationException("JWT is not valid before " + notBefore.toInstant() + " (now " + now
                    + ", clockSkew=" + config.clockSkew() + ")");
        }
    }

    private void checkIdentity(JWTClaimsSet claims) {
        if (config.issuer() != null && !config.issuer().equals(claims.getIssuer())) {
            throw new AuthenticationException("JWT issuer '" + claims.getIssuer() + "' is not the expected '"
                    + config.issuer() + "'");
        }
        if (!config.audience().isEmpty()) {
            List<String> audience = claims.getAudience() == null ? List.of() : claims.getAudience();
            if (Collections.disjoint(audience, config.audience())) {
                throw new AuthenticationException("JWT audience " + audience + " has none of the expected "
                        + config.audience());
            }
        }
        if (config.username() != null && !config.username().equals(claims.getSubject())) {
            throw new AuthenticationException("JWT subject '" + claims.getSubject() + "' is not the expected '"
                    + config.username() + "'");
        }
        if (config.jwtId() != null && !config.jwtId().equals(claims.getJWTID())) {
            throw new AuthenticationException("JWT id '" + claims.getJWTID() + "' is not the expected '"
                    + config.jwtId() + "'");
        }
        for (Map.Entry<String, Object> expected : config.customClaims().entrySet()) {
            Object actual = claims.getClaim(expected.getKey());
            if (!sameJsonValue(actual, expected.getValue())) {
                throw new AuthenticationException("JWT claim '" + expected.getKey() + "' is " + actual
                        + ", expected " + expected.getValue());
            }
        }
    }

    /** Equality of JSON values, numbers compared by value (a token's 5 is a Long, a configured 5 an Integer). */
    static boolean sameJsonValue(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number e) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(e.toString())) == 0;
        }
        return Objects.equals(actual, expected);
    }
}
