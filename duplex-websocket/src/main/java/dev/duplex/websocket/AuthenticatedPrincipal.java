package dev.duplex.websocket;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who opened a connection, as an {@link Authenticator} established it: a name, the scopes (for a user store, its
 * groups; for a token, its scope claim) and whatever else the mechanism knows (token claims, LDAP attributes).
 *
 * @param name       the user or subject name
 * @param scopes     the scopes granted
 * @param attributes further facts, e.g. token claims; never {@code null}
 */
public record AuthenticatedPrincipal(String name, Set<String> scopes, Map<String, Object> attributes)
        implements java.security.Principal {
    public AuthenticatedPrincipal {
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
        attributes = Map.copyOf(attributes);
    }

    @Override
    public String getName() {
        return name;
    }

    /** Whether the principal has at least one of {@code required} (any-of, as the spec's scopes); true when empty. */
    public boolean hasAnyScope(java.util.Collection<String> required) {
        return required.isEmpty() || required.stream().anyMatch(scopes::contains);
    }
}
