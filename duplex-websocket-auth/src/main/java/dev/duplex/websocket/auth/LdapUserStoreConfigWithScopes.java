package dev.duplex.websocket.auth;

import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.ListenerAuthConfig;
import dev.duplex.websocket.auth.internal.LdapAuthenticator;
import dev.duplex.websocket.auth.internal.LoggedRefusals;
import java.util.List;
import java.util.Objects;

/**
 * Basic authentication against an {@link LdapUserStoreConfig LDAP directory} (spec §5.2,
 * {@code LdapUserStoreConfigWithScopes}): the user's groups are its scopes. A request without
 * {@code Authorization: Basic} is left to the next entry of the service's {@code auth} list; a wrong name or
 * password is refused (401 unless a later entry accepts); a user in none of {@code scopes} gets 403.
 *
 * <p>Thread safety: immutable; the authenticator it builds is safe for concurrent upgrades.
 *
 * @param ldapUserStoreConfig the directory
 * @param scopes              the groups of which the user needs any one; empty: any user of the directory
 */
public record LdapUserStoreConfigWithScopes(LdapUserStoreConfig ldapUserStoreConfig, List<String> scopes)
        implements ListenerAuthConfig {
    /**
     * A directory and the scopes it requires.
     *
     * @param ldapUserStoreConfig the directory; not {@code null}
     * @param scopes              the scopes of which one is needed; not {@code null}; empty for none
     * @throws NullPointerException when a value is {@code null}
     */
    public LdapUserStoreConfigWithScopes {
        Objects.requireNonNull(ldapUserStoreConfig, "ldapUserStoreConfig must not be null");
        scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes must not be null"));
    }

    /**
     * {@code config} requiring any of {@code scopes}.
     *
     * @param config the directory; not {@code null}
     * @param scopes the groups of which the user needs any one; none for any user of the directory
     * @return the entry
     */
    public static LdapUserStoreConfigWithScopes of(LdapUserStoreConfig config, String... scopes) {
        return new LdapUserStoreConfigWithScopes(config, List.of(scopes));
    }

    /**
     * Checks the filters and URL; connects to the directory at the first upgrade, not here.
     *
     * @return an authenticator safe for concurrent upgrades
     * @throws IllegalArgumentException when a filter is not valid LDAP filter syntax
     */
    @Override
    public Authenticator newAuthenticator() {
        return LoggedRefusals.of(new LdapAuthenticator(ldapUserStoreConfig), "Basic (LDAP)");
    }
}
