package dev.duplex.websocket;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who opened a connection, as an {@link Authenticator} established it: a name, the scopes (for a user store, its
 * groups; for a token, its scope claim) and whatever else the mechanism knows (token claims, LDAP attributes).
 * Available to the upgrade service ({@link UpgradeRequest#principal()}) and to the service
 * ({@link Caller#getPrincipal()}).
 *
 * <p>Thread safety: immutable (the collections are copied; attribute values are shared as given).
 *
 * @param name       the user or subject name
 * @param scopes     the scopes granted
 * @param attributes further facts, e.g. token claims; never {@code null}
 */
public record AuthenticatedPrincipal(String name, Set<String> scopes, Map<String, Object> attributes)
        implements java.security.Principal {
    /**
     * A principal; the scopes and attributes are copied.
     *
     * @param name       the user or subject name; not {@code null}
     * @param scopes     the scopes granted; not {@code null}, no {@code null} entries
     * @param attributes further facts; not {@code null}, no {@code null} keys or values
     * @throws NullPointerException when a value or an entry is {@code null}
     */
    public AuthenticatedPrincipal {
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
        attributes = Map.copyOf(attributes);
    }

    /** {@return the name, as {@link #name()}} */
    @Override
    public String getName() {
        return name;
    }

    /**
     * Whether the principal has at least one of {@code required} (any-of, as the spec's scopes).
     *
     * @param required the scopes of which one is needed
     * @return {@code true} when it has one of them, or when {@code required} is empty
     */
    public boolean hasAnyScope(java.util.Collection<String> required) {
        return required.isEmpty() || required.stream().anyMatch(scopes::contains);
    }
}
