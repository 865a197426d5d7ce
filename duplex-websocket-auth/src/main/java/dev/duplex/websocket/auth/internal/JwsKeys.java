package dev.duplex.websocket.auth.internal;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import dev.duplex.websocket.AuthenticationException;
import java.util.List;

/** Where the keys that may have signed a token come from: one configured key, or a JWKS endpoint. */
public interface JwsKeys {
    /**
     * The verifiers of the keys that may have signed a token with {@code header}.
     *
     * @throws AuthenticationException when no key fits (wrong algorithm family, unknown key id)
     */
    List<JWSVerifier> verifiersFor(JWSHeader header);
}
