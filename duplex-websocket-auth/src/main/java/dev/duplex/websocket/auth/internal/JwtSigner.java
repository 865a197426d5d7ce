package dev.duplex.websocket.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.auth.IssuerSignatureConfig;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Signs the JWTs a client issues itself. Thread safety: stateless (Nimbus signers are thread-safe). */
public final class JwtSigner {
    /** What goes into one token. */
    public record Claims(String issuer, String subject, List<String> audience, String jwtId, String keyId,
                         Map<String, Object> customClaims, Instant issuedAt, Instant expiresAt) {
    }

    private final IssuerSignatureConfig signature;
    private final JWSSigner signer;

    public JwtSigner(IssuerSignatureConfig signature) {
        this.signature = signature;
        try {
            if (signature.algorithm().isHmac()) {
                this.signer = new MACSigner(signature.key().getEncoded());
            } else if (signature.algorithm().isRsa()) {
                this.signer = new RSASSASigner((PrivateKey) signature.key());
            } else {
                this.signer = new ECDSASigner((ECPrivateKey) signature.key());
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign " + signature.algorithm() + " with " + signature.source()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The compact serialisation of a JWT with {@code claims}. */
    public String sign(Claims claims) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        claims.customClaims().forEach(set::claim);
        // The registered claims last, so a custom claim cannot replace them.
        set.issueTime(Date.from(claims.issuedAt()))
                .notBeforeTime(Date.from(claims.issuedAt()))
                .expirationTime(Date.from(claims.expiresAt()))
                .jwtID(claims.jwtId() != null ? claims.jwtId() : UUID.randomUUID().toString());
        if (claims.issuer() != null) {
            set.issuer(claims.issuer());
        }
        if (claims.subject() != null) {
            set.subject(claims.subject());
        }
        if (!claims.audience().isEmpty()) {
            set.audience(claims.audience());
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(signature.algorithm().name()))
                .type(JOSEObjectType.JWT)
                .keyID(claims.keyId())
                .build();
        SignedJWT jwt = new SignedJWT(header, set.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new AuthenticationException("cannot sign a JWT with " + signature.source() + ": " + e.getMessage(),
                    e);
        }
        return jwt.serialize();
    }
}
