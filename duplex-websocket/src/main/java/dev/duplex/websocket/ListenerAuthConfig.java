package dev.duplex.websocket;

import java.util.List;

/**
 * One entry of a service's {@code auth} list (spec §5.2, {@code ListenerAuthConfig}): a way to authenticate and the
 * scopes it requires. Entries are tried in order; the first that authenticates the request decides: it passes when
 * the principal has any of the required {@link #scopes()} (403 otherwise). When none authenticates, the upgrade is
 * refused with 401 and a {@code WWW-Authenticate} challenge per entry.
 *
 * <p>Implemented by the records of the {@code duplex-websocket-auth} module ({@code FileUserStoreConfigWithScopes},
 * {@code LdapUserStoreConfigWithScopes}, {@code JwtValidatorConfigWithScopes},
 * {@code OAuth2IntrospectionConfigWithScopes}); an application may implement it for its own mechanism.
 *
 * <p>Thread safety: implementations should be immutable; {@link #scopes()} is read for every upgrade, from many
 * threads.
 */
public interface ListenerAuthConfig {
    /** {@return the scopes of which the principal needs any one; empty means authentication alone suffices} */
    List<String> scopes();

    /**
     * Builds the authenticator, once, when the service is attached; a mistake here (an unreadable user file, say)
     * fails {@link Listener#attach(String, UpgradeService, WsServiceConfig)}.
     *
     * @return the authenticator; not {@code null}
     */
    Authenticator newAuthenticator();
}
