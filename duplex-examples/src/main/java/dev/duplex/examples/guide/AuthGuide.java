package dev.duplex.examples.guide;

import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.auth.BearerTokenSource;
import dev.duplex.websocket.auth.CacheConfig;
import dev.duplex.websocket.auth.CredentialBearer;
import dev.duplex.websocket.auth.CredentialsConfig;
import dev.duplex.websocket.auth.FileUserStoreConfig;
import dev.duplex.websocket.auth.FileUserStoreConfigWithScopes;
import dev.duplex.websocket.auth.HttpClientConfig;
import dev.duplex.websocket.auth.IssuerSignatureConfig;
import dev.duplex.websocket.auth.JwtIssuerConfig;
import dev.duplex.websocket.auth.JwtValidatorConfig;
import dev.duplex.websocket.auth.JwtValidatorConfigWithScopes;
import dev.duplex.websocket.auth.LdapUserStoreConfig;
import dev.duplex.websocket.auth.LdapUserStoreConfigWithScopes;
import dev.duplex.websocket.auth.OAuth2ClientCredentialsGrantConfig;
import dev.duplex.websocket.auth.OAuth2IntrospectionConfig;
import dev.duplex.websocket.auth.SigningAlgorithm;
import dev.duplex.websocket.auth.ValidatorSignatureConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The code of docs/auth.md; see {@link ListenerGuide} for how snippets are kept true. Nothing here runs at class
 * load: files, directories and endpoints are only touched when a method is called, and only the methods that need
 * nothing but loopback are called by the tests.
 */
public final class AuthGuide {
    private AuthGuide() {
    }

    static void listener(Listener listener) {
        // tag::listener[]
        listener.attach("/ws", request -> new ChatService(), WsServiceConfig.builder()
                .auth(FileUserStoreConfigWithScopes.of(Path.of("users.txt"), "write", "update"),
                      JwtValidatorConfigWithScopes.of(JwtValidatorConfig.builder()
                              .issuer("https://issuer.example")
                              .audience("chat")
                              .signatureConfig(ValidatorSignatureConfig.jwks("https://issuer.example/jwks"))
                              .build(), "write"))
                .build());
        // end::listener[]
    }

    // tag::principal[]
    public static class ChatService implements Service {
        public String onTextMessage(Caller caller, String text) {
            String name = caller.getPrincipal().map(AuthenticatedPrincipal::name).orElse("anonymous");
            return name + ": " + text;
        }
    }
    // end::principal[]

    static FileUserStoreConfigWithScopes fileUserStore(Path path) {
        // tag::file-user-store[]
        var simple = FileUserStoreConfigWithScopes.of(Path.of("/etc/duplex/users.txt"), "write", "update");
        var tuned = new FileUserStoreConfigWithScopes(
                new FileUserStoreConfig(path, "my realm", Duration.ofSeconds(5)), List.of("write"));
        // end::file-user-store[]
        return tuned;
    }

    static LdapUserStoreConfigWithScopes ldap(String servicePassword) {
        // tag::ldap[]
        LdapUserStoreConfig ldap = LdapUserStoreConfig.builder()
                .domainName("example.com")
                .connectionUrl("ldaps://ldap.example.com:636")
                .connectionName("cn=service,dc=example,dc=com").connectionPassword(servicePassword)
                .userSearchBase("ou=people,dc=example,dc=com")
                .userEntryObjectClass("inetOrgPerson").userNameAttribute("uid")
                .userNameSearchFilter("(&(objectClass=inetOrgPerson)(uid=?))")
                .userNameListFilter("(objectClass=inetOrgPerson)")
                .groupSearchBase("ou=groups,dc=example,dc=com")
                .groupEntryObjectClass("groupOfNames").groupNameAttribute("cn")
                .groupNameSearchFilter("(&(objectClass=groupOfNames)(cn=?))")
                .groupNameListFilter("(objectClass=groupOfNames)")
                .membershipAttribute("member")
                .userRolesCacheEnabled(true).cacheConfig(new CacheConfig(1000, Duration.ofMinutes(5)))
                .connectionPoolingEnabled(true)
                .connectionTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(60))
                .trustCertificate(Path.of("ldap-ca.pem"))          // TLS to the directory (secureSocket.cert)
                .build();
        return LdapUserStoreConfigWithScopes.of(ldap, "chat-users");
        // end::ldap[]
    }

    static JwtValidatorConfig jwtValidator() {
        // tag::jwt-validator[]
        return JwtValidatorConfig.builder()
                .issuer("https://issuer.example")            // iss must equal
                .audience("chat", "chat-admin")              // aud must hold one of these
                .clockSkew(Duration.ofSeconds(30))           // for exp and nbf
                .signatureConfig(ValidatorSignatureConfig.jwks("https://issuer.example/jwks"))
                .scopeKey("scp")                             // default "scope"; a space-separated string or an array
                .build();
        // end::jwt-validator[]
    }

    static OAuth2IntrospectionConfig introspection(String secret) {
        // tag::introspection[]
        return OAuth2IntrospectionConfig.builder("https://issuer.example/introspect")
                .tokenTypeHint("access_token")
                .optionalParam("resource", "chat")
                .clientConfig(HttpClientConfig.builder()
                        .auth(new CredentialsConfig("resource-server", secret))   // the listener's own credentials
                        .trustCertificate(Path.of("issuer-ca.pem"))
                        .build())
                .cacheConfig(new CacheConfig(1000, Duration.ofMinutes(5)))
                .defaultTokenExpTime(Duration.ofHours(1))
                .scopeKey("scope")
                .build();
        // end::introspection[]
    }

    static JwtValidatorConfig tokenSources(ValidatorSignatureConfig signature) {
        // tag::token-sources[]
        return JwtValidatorConfig.builder()
                .issuer("https://issuer.example")
                .audience("chat")
                .signatureConfig(signature)
                .tokenSource(BearerTokenSource.queryParameter("access_token"))   // wss://host/ws?access_token=...
                .tokenSource(BearerTokenSource.cookie("duplex_token"))
                .tokenSource(BearerTokenSource.subProtocol("bearer."))           // new WebSocket(url, ["chat", "bearer." + token])
                .build();
        // end::token-sources[]
    }

    static String basicClient(String url, String password) {
        // tag::client[]
        var config = ClientConfiguration.builder()
                .auth(new CredentialsConfig("alice", password))      // or a token, a JWT it signs, an OAuth2 grant
                .build();
        try (var client = new Client(url, config)) {
            client.writeTextMessage("hello");
            return client.readTextMessage();
        }
        // end::client[]
    }

    static JwtIssuerConfig jwtIssuer() {
        // tag::jwt-issuer[]
        var signature = IssuerSignatureConfig.keyFile(SigningAlgorithm.RS256, Path.of("client-key.pem"));
        return JwtIssuerConfig.builder(signature)
                .issuer("my-client").username("alice").audience("chat")
                .keyId("key-2024").customClaim("scope", "write")
                .expTime(Duration.ofMinutes(5))
                .build();
        // end::jwt-issuer[]
    }

    static OAuth2ClientCredentialsGrantConfig clientCredentials(String secret) {
        // tag::client-credentials[]
        return OAuth2ClientCredentialsGrantConfig.builder()
                .tokenUrl("https://issuer.example/token")
                .clientId("client-1").clientSecret(secret)
                .scopes("write", "update")
                .optionalParam("audience", "chat")
                .credentialBearer(CredentialBearer.AUTH_HEADER_BEARER)   // or POST_BODY_BEARER
                .clockSkew(Duration.ofSeconds(30))
                .defaultTokenExpTime(Duration.ofHours(1))                // when the answer has no expires_in
                .clientConfig(HttpClientConfig.builder().trustCertificate(Path.of("issuer-ca.pem")).build())
                .build();
        // end::client-credentials[]
    }
}
