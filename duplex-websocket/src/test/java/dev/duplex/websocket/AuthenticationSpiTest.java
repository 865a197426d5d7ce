package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listener's auth list and the client's auth header, with a small application-defined mechanism. */
class AuthenticationSpiTest {
    /** Accepts "Token alice" (scopes write) and "Token bob" (scopes read); forbids "Token eve"; refuses others. */
    record TokenAuth(List<String> scopes) implements ListenerAuthConfig {
        @Override
        public Authenticator newAuthenticator() {
            return new Authenticator() {
                @Override
                public AuthenticatedPrincipal authenticate(UpgradeRequest request) {
                    String header = request.header("Authorization");
                    if (header == null || !header.startsWith("Token ")) {
                        return null;
                    }
                    return switch (header.substring(6)) {
                        case "alice" -> new AuthenticatedPrincipal("alice", Set.of("write"), Map.of());
                        case "bob" -> new AuthenticatedPrincipal("bob", Set.of("read"), Map.of());
                        case "eve" -> throw new AuthorizationException("eve is banned");
                        default -> throw new AuthenticationException("unknown token");
                    };
                }

                @Override
                public String challenge() {
                    return "Token";
                }
            };
        }
    }

    public static class WhoAmI implements Service {
        public String onTextMessage(Caller caller, String text) {
            return caller.getPrincipal().map(AuthenticatedPrincipal::name).orElse("nobody");
        }
    }

    private Listener listener;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/secure", request -> new WhoAmI(),
                WsServiceConfig.builder().auth(new TokenAuth(List.of("write", "update"))).build());
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private String url() {
        return "ws://127.0.0.1:" + listener.getPort() + "/secure";
    }

    private static ClientConfiguration token(String token) {
        return ClientConfiguration.builder().auth(() -> "Token " + token).build();
    }

    @Test
    void aPrincipalWithARequiredScopeIsAdmittedAndVisibleToTheCaller() {
        try (var client = new Client(url(), token("alice"))) {
            client.writeTextMessage("who?");
            assertThat(client.readTextMessage()).isEqualTo("alice");
        }
    }

    @Test
    void missingCredentialsAreRefusedWith401AndAChallenge() {
        assertThatThrownBy(() -> new Client(url()))
                .isInstanceOfSatisfying(InvalidHandshakeException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.response().header("www-authenticate")).isEqualTo("Token");
                });
    }

    @Test
    void wrongCredentialsAreRefusedWith401() {
        assertThatThrownBy(() -> new Client(url(), token("mallory")))
                .isInstanceOfSatisfying(InvalidHandshakeException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aPrincipalWithoutARequiredScopeIsRefusedWith403() {
        assertThatThrownBy(() -> new Client(url(), token("bob")))
                .isInstanceOfSatisfying(InvalidHandshakeException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void anAuthorizationExceptionFromTheAuthenticatorIsRefusedWith403() {
        assertThatThrownBy(() -> new Client(url(), token("eve")))
                .isInstanceOfSatisfying(InvalidHandshakeException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.response().body()).isEqualTo("eve is banned");
                });
    }

    @Test
    void aClientWhoseCredentialsCannotBeObtainedFailsWithAuthenticationException() {
        var config = ClientConfiguration.builder().auth(() -> {
            throw new AuthenticationException("token endpoint refused");
        }).build();
        assertThatThrownBy(() -> new Client(url(), config)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("token endpoint refused");
    }

    /** Counts how often its authenticator is closed. */
    record ClosingAuth(java.util.concurrent.atomic.AtomicInteger closes) implements ListenerAuthConfig {
        @Override
        public List<String> scopes() {
            return List.of();
        }

        @Override
        public Authenticator newAuthenticator() {
            return new Authenticator() {
                @Override
                public AuthenticatedPrincipal authenticate(UpgradeRequest request) {
                    return new AuthenticatedPrincipal("anyone", Set.of(), Map.of());
                }

                @Override
                public String challenge() {
                    return "Token";
                }

                @Override
                public void close() {
                    closes.incrementAndGet();
                }
            };
        }
    }

    @Test
    void detachingAServiceClosesItsAuthenticatorsOnce() {
        var closes = new java.util.concurrent.atomic.AtomicInteger();
        listener.attach("/closing", request -> new WhoAmI(),
                WsServiceConfig.builder().auth(new ClosingAuth(closes)).build());
        listener.detach("/closing");
        assertThat(closes).hasValue(1);
    }

    @Test
    void stoppingTheListenerClosesTheAuthenticatorsOfItsServices() {
        var closes = new java.util.concurrent.atomic.AtomicInteger();
        listener.attach("/closing", request -> new WhoAmI(),
                WsServiceConfig.builder().auth(new ClosingAuth(closes)).build());
        listener.immediateStop();
        assertThat(closes).hasValue(1);
    }
}
