/**
 * Authentication for Duplex (spec §5.2), as implementations of the core's
 * {@link dev.duplex.websocket.ListenerAuthConfig} and {@link dev.duplex.websocket.ClientAuthConfig}.
 *
 * <p>Listener side, set with {@link dev.duplex.websocket.WsServiceConfig#auth()}: Basic authentication against a user
 * file ({@link dev.duplex.websocket.auth.FileUserStoreConfigWithScopes}, hashes made with
 * {@link dev.duplex.websocket.auth.PasswordHash}) or an LDAP directory
 * ({@link dev.duplex.websocket.auth.LdapUserStoreConfigWithScopes}), bearer JWTs
 * ({@link dev.duplex.websocket.auth.JwtValidatorConfigWithScopes}) and OAuth2 token introspection
 * ({@link dev.duplex.websocket.auth.OAuth2IntrospectionConfigWithScopes}).
 *
 * <p>Client side, set with {@link dev.duplex.websocket.ClientConfiguration#auth()}: Basic credentials
 * ({@link dev.duplex.websocket.auth.CredentialsConfig}), a fixed bearer token
 * ({@link dev.duplex.websocket.auth.BearerTokenConfig}), self-issued JWTs
 * ({@link dev.duplex.websocket.auth.JwtIssuerConfig}) and the OAuth2 grants
 * ({@link dev.duplex.websocket.auth.OAuth2GrantConfig}), which renew their tokens before they expire.
 *
 * <p>The {@code internal} package is not API and may change in any release.
 */
package dev.duplex.websocket.auth;
