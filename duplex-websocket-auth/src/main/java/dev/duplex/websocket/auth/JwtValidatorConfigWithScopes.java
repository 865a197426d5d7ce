package dev.duplex.websocket.auth;

import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.ListenerAuthConfig;
import dev.duplex.websocket.auth.internal.JwtAuthenticator;
import dev.duplex.websocket.auth.internal.LoggedRefusals;
import java.util.List;
import java.util.Objects;

/**
 * Bearer JWT authentication (spec §5.2, {@code JwtValidatorConfigWithScopes}). A request without a bearer token is
 * left to the next entry of the service's {@code auth} list; an invalid token is refused (401 with
 * {@code WWW-Authenticate: Bearer} unless a later entry accepts); a valid token without any of {@code scopes} gets 403.
 * When the keys of a {@link ValidatorSignatureConfig.Jwks JWKS} cannot be fetched and none were fetched before, the
 * upgrade is refused at once with 503, so the client retries later.
 *
 * <p>Thread safety: immutable; the authenticator it builds is safe for concurrent upgrades.
 *
 * @param jwtValidatorConfig how tokens are validated
 * @param scopes             the scopes of which the token needs any one; empty: any valid token
 */
public record JwtValidatorConfigWithScopes(JwtValidatorConfig jwtValidatorConfig, List<String> scopes)
        implements ListenerAuthConfig {
    /**
     * A token validation and the scopes it requires.
     *
     * @param jwtValidatorConfig how tokens are validated; not {@code null}
     * @param scopes             the scopes of which one is needed; not {@code null}; empty for none
     * @throws NullPointerException when a value is {@code null}
     */
    public JwtValidatorConfigWithScopes {
        Objects.requireNonNull(jwtValidatorConfig, "jwtValidatorConfig must not be null");
        scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes must not be null"));
    }

    /**
     * {@code jwtValidatorConfig} requiring any of {@code scopes}.
     *
     * @param jwtValidatorConfig how tokens are validated; not {@code null}
     * @param scopes             the scopes of which the token needs any one; none for any valid token
     * @return the entry
     */
    public static JwtValidatorConfigWithScopes of(JwtValidatorConfig jwtValidatorConfig, String... scopes) {
        return new JwtValidatorConfigWithScopes(jwtValidatorConfig, List.of(scopes));
    }

    /**
     * Builds the authenticator; a JWKS is fetched at the first upgrade, not here.
     *
     * @return an authenticator safe for concurrent upgrades
     */
    @Override
    public Authenticator newAuthenticator() {
        return LoggedRefusals.of(new JwtAuthenticator(jwtValidatorConfig), "JWT");
    }
}
