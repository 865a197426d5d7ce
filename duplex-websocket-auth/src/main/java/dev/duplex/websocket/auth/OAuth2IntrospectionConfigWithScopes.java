package dev.duplex.websocket.auth;

import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.ListenerAuthConfig;
import dev.duplex.websocket.auth.internal.IntrospectionAuthenticator;
import dev.duplex.websocket.auth.internal.LoggedRefusals;
import java.util.List;
import java.util.Objects;

/**
 * Bearer token authentication by introspection (spec §5.2, {@code OAuth2IntrospectionConfigWithScopes}). A request
 * without a bearer token is left to the next entry of the service's {@code auth} list; an inactive or expired token is
 * refused (401 with {@code WWW-Authenticate: Bearer} unless a later entry accepts); an active token without any of
 * {@code scopes} gets 403. When the introspection call fails (unreachable, an HTTP error, an answer that is not
 * JSON), the upgrade is refused at once with 503, so the client retries later; later entries are not tried.
 *
 * <p>Thread safety: immutable; the authenticator it builds is safe for concurrent upgrades.
 *
 * @param oauth2IntrospectionConfig the endpoint and how to call it
 * @param scopes                    the scopes of which the token needs any one; empty: any active token
 */
public record OAuth2IntrospectionConfigWithScopes(OAuth2IntrospectionConfig oauth2IntrospectionConfig,
                                                  List<String> scopes) implements ListenerAuthConfig {
    /**
     * An introspection endpoint and the scopes it requires.
     *
     * @param oauth2IntrospectionConfig the endpoint and how to call it; not {@code null}
     * @param scopes                    the scopes of which one is needed; not {@code null}; empty for none
     * @throws NullPointerException when a value is {@code null}
     */
    public OAuth2IntrospectionConfigWithScopes {
        Objects.requireNonNull(oauth2IntrospectionConfig, "oauth2IntrospectionConfig must not be null");
        scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes must not be null"));
    }

    /**
     * {@code config} requiring any of {@code scopes}.
     *
     * @param config the endpoint and how to call it; not {@code null}
     * @param scopes the scopes of which the token needs any one; none for any active token
     * @return the entry
     */
    public static OAuth2IntrospectionConfigWithScopes of(OAuth2IntrospectionConfig config, String... scopes) {
        return new OAuth2IntrospectionConfigWithScopes(config, List.of(scopes));
    }

    /**
     * Builds the authenticator; nothing is called yet.
     *
     * @return an authenticator safe for concurrent upgrades
     */
    @Override
    public Authenticator newAuthenticator() {
        return LoggedRefusals.of(new IntrospectionAuthenticator(oauth2IntrospectionConfig), "OAuth2 introspection");
    }
}
