package dev.duplex.examples;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ClientSecureSocket;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.KeyMaterial;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.ListenerSecureSocket;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.TrustedCertificates;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.auth.IssuerSignatureConfig;
import dev.duplex.websocket.auth.JwtIssuerConfig;
import dev.duplex.websocket.auth.JwtValidatorConfig;
import dev.duplex.websocket.auth.JwtValidatorConfigWithScopes;
import dev.duplex.websocket.auth.SigningAlgorithm;
import dev.duplex.websocket.auth.ValidatorSignatureConfig;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JWT authentication (spec §5.2): a chat service at {@code /chat} that admits bearer JWTs of issuer
 * {@code duplex-example}, audience {@code chat}, with scope {@code chat:write}; and a client that signs such a token
 * itself (ES256). In production the token comes from an authorization server and the listener reads its keys from
 * the JWKS URL ({@code ValidatorSignatureConfig.jwks("https://issuer.example/.well-known/jwks.json")}); here a key
 * pair made at start-up plays the issuer so the example runs alone.
 *
 * <p>It runs over {@code wss://}: bearer tokens must only travel over TLS, since anyone who reads one can use it until
 * it expires. The listener's certificate is a self-signed one made at start ({@link TlsEchoServer#selfSigned}); the
 * client trusts exactly that certificate.
 *
 * <pre>{@code
 * mvn -q -pl duplex-examples exec:java -Dexec.mainClass=dev.duplex.examples.JwtAuthExample
 * }</pre>
 */
public final class JwtAuthExample {
    static final String ISSUER = "duplex-example";
    static final String AUDIENCE = "chat";
    static final String SCOPE = "chat:write";

    private JwtAuthExample() {
    }

    /** Echoes each text as "name: text", the name being the token's subject. */
    public static final class ChatService implements Service {
        public String onTextMessage(Caller caller, String text) {
            String name = caller.getPrincipal().map(p -> p.name()).orElse("?");
            return name + ": " + text;
        }
    }

    /** An EC P-256 key pair: the issuer's signing key and the public key the listener trusts. */
    public static KeyPair issuerKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Starts the TLS listener on {@code port} with {@code key}, admitting tokens signed by {@code keys}. */
    public static Listener start(int port, KeyMaterial key, KeyPair keys) {
        JwtValidatorConfig validator = JwtValidatorConfig.builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .signatureConfig(ValidatorSignatureConfig.publicKey(keys.getPublic()))
                .build();
        var listener = new Listener(port, ListenerConfiguration.builder()
                .secureSocket(ListenerSecureSocket.builder(key).build()).build());
        listener.attach("/chat", request -> new ChatService(), WsServiceConfig.builder()
                .auth(JwtValidatorConfigWithScopes.of(validator, SCOPE)).build());
        listener.start();
        return listener;
    }

    /**
     * A client configuration that trusts the listener's {@code certificate} (PEM) and signs tokens for {@code user}
     * with {@code scope}.
     */
    public static ClientConfiguration clientFor(Path certificate, KeyPair keys, String user, String scope) {
        JwtIssuerConfig issuer = JwtIssuerConfig.builder(
                        IssuerSignatureConfig.privateKey(SigningAlgorithm.ES256, keys.getPrivate()))
                .issuer(ISSUER).audience(AUDIENCE).username(user).customClaim("scope", scope)
                .build();
        return ClientConfiguration.builder().auth(issuer)
                .secureSocket(ClientSecureSocket.builder().cert(new TrustedCertificates(certificate.toString())).build())
                .build();
    }

    public static void main(String[] args) throws Exception {
        KeyPair keys = issuerKeys();
        var tls = TlsEchoServer.selfSigned(Files.createTempDirectory("duplex-jwt-example"));
        Listener listener = start(args.length > 0 ? Integer.parseInt(args[0]) : 9443, tls.keyMaterial(), keys);
        String url = "wss://localhost:" + listener.getPort() + "/chat";
        ClientConfiguration trustOnly = ClientConfiguration.builder()
                .secureSocket(ClientSecureSocket.builder().cert(new TrustedCertificates(tls.certificate().toString()))
                        .build()).build();
        try (Client alice = new Client(url, clientFor(tls.certificate(), keys, "alice", SCOPE))) {
            alice.writeTextMessage("hello");
            System.out.println(alice.readTextMessage());
        }
        try (Client anonymous = new Client(url, trustOnly)) {
            System.out.println("unexpected: " + anonymous.getConnectionId() + " admitted without a token");
        } catch (InvalidHandshakeException refused) {
            System.out.println("without a token: " + refused.status() + ", WWW-Authenticate: "
                    + refused.response().header("WWW-Authenticate"));
        }
        try (Client reader = new Client(url, clientFor(tls.certificate(), keys, "bob", "chat:read"))) {
            System.out.println("unexpected: " + reader.getConnectionId() + " admitted without the scope");
        } catch (InvalidHandshakeException refused) {
            System.out.println("without scope " + SCOPE + ": " + refused.status());
        }
        listener.gracefulStop();
    }
}
