package dev.duplex.websocket.auth;

import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.ListenerAuthConfig;
import dev.duplex.websocket.auth.internal.IntrospectionAuthenticator;
import java.util.List;
import java.util.Objects;

/**
 * Bearer token authentication by introspection (spec §5.2, {@code OAuth2IntrospectionConfigWithScopes}). A request
 * without a bearer token is left to the next entry of the service's {@code auth} list; an inactive token, or an
 * introspection call that fails, is refused (401 with {@code WWW-Authenticate: Bearer} unless a later entry
 * accepts); an active token without any of {@code scopes} gets 403.
 *
 * <p>Thread safety: immutable; the authenticator it builds is safe for concurrent upgrades.
 *
 * @param oauth2IntrospectionConfig the endpoint and how to call it
 * @param scopes                    the scopes of which the token needs any one; empty: any active token
 */
public record OAuth2IntrospectionConfigWithScopes(OAuth2IntrospectionConfig oauth2IntrospectionConfig,
                                                  List<String> scopes) implements ListenerAuthConfig {
    public OAuth2IntrospectionConfigWithScopes {
        Objects.requireNonNull(oauth2IntrospectionConfig, "oauth2IntrospectionConfig must not be null");
        scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes must not be null"));
    }

    /** {@code config} requiring any of {@code scopes}. */
    public static OAuth2IntrospectionConfigWithScopes of(OAuth2IntrospectionConfig config, String... scopes) {
        return new OAuth2IntrospectionConfigWithScopes(config, List.of(scopes));
    }

    @Override
    public Authenticator newAuthenticator() {
        return new IntrospectionAuthenticator(oauth2IntrospectionConfig);
    }
}
