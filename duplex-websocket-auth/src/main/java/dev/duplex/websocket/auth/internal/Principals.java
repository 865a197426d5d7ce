package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.AuthenticatedPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Builds principals from token claims or introspection answers. */
public final class Principals {
    private Principals() {
    }

    /**
     * A principal named by {@code sub} (else {@code username}, else {@code client_id}), with the scopes of
     * {@code scopeKey} and every non-null claim as an attribute, plus {@code mechanism}.
     */
    public static AuthenticatedPrincipal fromClaims(Map<String, Object> claims, String scopeKey, String mechanism) {
        Object name = claims.get("sub");
        if (name == null) {
            name = claims.get("username");
        }
        if (name == null) {
            name = claims.get("client_id");
        }
        Set<String> scopes = ScopeClaim.parse(claims.get(scopeKey));
        Map<String, Object> attributes = new LinkedHashMap<>();
        claims.forEach((key, value) -> {
            if (value != null) {
                attributes.put(key, value);
            }
        });
        attributes.put("mechanism", mechanism);
        return new AuthenticatedPrincipal(name == null ? "" : name.toString(), scopes, attributes);
    }
}
