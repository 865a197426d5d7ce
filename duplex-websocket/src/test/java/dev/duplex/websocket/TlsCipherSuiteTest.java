package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.internal.tls.TlsEngine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ciphers} of the listener and of the client: a connection uses a suite both allow, and fails when they share
 * none. The test certificate has an EC key, so the TLS 1.2 suites here are ECDSA ones. TLS 1.3 suites are restricted
 * by the JDK engine only: BoringSSL, behind the OpenSSL engine, always allows every TLS 1.3 suite (docs/tls.md).
 */
class TlsCipherSuiteTest extends TlsTestSupport {
    private static final String TLS12_AES_256 = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    private static final String TLS12_AES_128 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String TLS12_AES_128_CBC = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aConnectionUsesTheOnlyCipherSuiteTheListenerAllows(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem().toBuilder().ciphers(List.of(TLS12_AES_256)).build());

        try (Client client = connect(listener, "localhost", trustingCa())) {
            assertThat(client.tlsSession().getCipherSuite()).isEqualTo(TLS12_AES_256);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void aConnectionUsesTheOnlyCipherSuiteTheClientOffers(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem());

        try (Client client = connect(listener, "localhost", trustingCa().toBuilder()
                .ciphers(List.of(TLS12_AES_128_CBC)).build())) {
            assertThat(client.tlsSession().getCipherSuite()).isEqualTo(TLS12_AES_128_CBC);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    void failsNamingTheCipherSuitesWhenTheListenerAndTheClientShareNone(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem().toBuilder().ciphers(List.of(TLS12_AES_256)).build());

        assertThatThrownBy(() -> connect(listener, "localhost", trustingCa().toBuilder()
                .ciphers(List.of(TLS12_AES_128)).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("handshake_failure")
                .hasMessageContaining("share no cipher suite (ClientSecureSocket.ciphers");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TlsEngine.class, names = "JDK")
    void aTls13ConnectionUsesTheOnlyTls13SuiteTheListenerAllows(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem().toBuilder().ciphers(List.of("TLS_AES_256_GCM_SHA384")).build());

        try (Client client = connect(listener, "localhost", trustingCa())) {
            assertThat(client.tlsSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(client.tlsSession().getCipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TlsEngine.class, names = "JDK")
    void failsWhenTheListenerAllowsOnlyATls13SuiteTheClientDoesNotOffer(TlsEngine engine) {
        use(engine);
        Listener listener = listen(serverPem().toBuilder().ciphers(List.of("TLS_AES_256_GCM_SHA384")).build());

        assertThatThrownBy(() -> connect(listener, "localhost", trustingCa().toBuilder()
                .ciphers(List.of("TLS_AES_128_GCM_SHA256")).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("handshake_failure");
    }
}
