package dev.duplex.websocket.auth.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads scopes from a token claim or an introspection field: a string of space-separated scopes (RFC 8693 §4.2,
 * RFC 7662 §2.2) or a JSON array of strings (as some servers send in {@code scp}).
 */
public final class ScopeClaim {
    private ScopeClaim() {
    }

    /** The scopes in {@code value}; empty when it is {@code null} or neither a string nor an array. */
    public static Set<String> parse(Object value) {
        Set<String> scopes = new LinkedHashSet<>();
        if (value instanceof String text) {
            for (String scope : text.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        } else if (value instanceof Collection<?> list) {
            for (Object item : list) {
                if (item != null && !item.toString().isBlank()) {
                    scopes.add(item.toString().trim());
                }
            }
        }
        return scopes;
    }
}
