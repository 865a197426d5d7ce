package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.internal.tls.TlsEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration that cannot work fails when it is constructed, with a message naming the cause and the setting. */
class TlsConfigurationTest extends TlsTestSupport {

    private static Listener listenerWith(ListenerSecureSocket secureSocket) {
        return new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").secureSocket(secureSocket).build());
    }

    @Test
    void rejectsABlankKeyStorePathWithTheReferenceMessage() {
        assertThatThrownBy(() -> new KeyStoreFile(" ", "pw")).isInstanceOf(SslException.class)
                .hasMessageStartingWith("KeyStore file location must be provided for secure connection");
    }

    @Test
    void rejectsABlankKeyStorePasswordWithTheReferenceMessage() {
        assertThatThrownBy(() -> new KeyStoreFile("server.p12", "")).isInstanceOf(SslException.class)
                .hasMessageStartingWith("KeyStore password must be provided for secure connection");
    }

    @Test
    void rejectsABlankCertificateFileWithTheReferenceMessage() {
        assertThatThrownBy(() -> new CertKey("", "server.key")).isInstanceOf(SslException.class)
                .hasMessageStartingWith("Certificate file location must be provided for secure connection");
    }

    @Test
    void rejectsABlankPrivateKeyFileWithTheReferenceMessage() {
        assertThatThrownBy(() -> new CertKey("server.crt", null)).isInstanceOf(SslException.class)
                .hasMessageStartingWith("Private key file location must be provided for secure connection");
    }

    @Test
    void rejectsABlankTrustStorePathWithTheReferenceMessage() {
        assertThatThrownBy(() -> new TrustStoreFile("", "pw")).isInstanceOf(SslException.class)
                .hasMessageStartingWith("TrustStore file location must be provided for secure connection");
    }

    @Test
    void rejectsABlankTrustStorePasswordWithTheReferenceMessage() {
        assertThatThrownBy(() -> new TrustStoreFile("trust.p12", " ")).isInstanceOf(SslException.class)
                .hasMessageStartingWith("TrustStore password must be provided for secure connection");
    }

    @Test
    void rejectsABlankMutualSslCertificateFileWithTheReferenceMessage() {
        assertThatThrownBy(() -> new MutualSsl(VerifyClient.REQUIRE, new TrustedCertificates("")))
                .isInstanceOf(SslException.class)
                .hasMessageStartingWith("Certificate file location must be provided for secure connection");
    }

    @Test
    void rejectsAListenerSecureSocketWithoutKeyMaterial() {
        assertThatThrownBy(() -> ListenerSecureSocket.builder(null).build()).isInstanceOf(SslException.class)
                .hasMessageContaining("ListenerSecureSocket.key");
    }

    @Test
    void failsListenerConstructionWhenTheCertificateFileDoesNotExist() {
        var missing = new CertKey(dir.resolve("missing.crt").toString(), SERVER.writeKey(dir.resolve("k.key"))
                .toString());
        assertThatThrownBy(() -> listenerWith(ListenerSecureSocket.builder(missing).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("missing.crt: no such file (CertKey.certFile)");
    }

    @Test
    void failsListenerConstructionWhenTheCertificateFileHoldsNoCertificate() throws IOException {
        var empty = Files.writeString(dir.resolve("empty.crt"), "not a certificate\n");
        var key = new CertKey(empty.toString(), SERVER.writeKey(dir.resolve("k.key")).toString());
        assertThatThrownBy(() -> listenerWith(ListenerSecureSocket.builder(key).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("holds no PEM certificate");
    }

    @Test
    void failsListenerConstructionWhenTheKeyDoesNotMatchTheCertificate() {
        var other = CA.issue("other").build();
        var mismatched = new CertKey(SERVER.writeChain(dir.resolve("server.crt")).toString(),
                other.writeKey(dir.resolve("other.key")).toString());
        assertThatThrownBy(() -> listenerWith(ListenerSecureSocket.builder(mismatched).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("does not match the certificate");
    }

    @Test
    void failsListenerConstructionWhenAnEncryptedKeyHasNoPassword() {
        var encrypted = SERVER.encryptedCertKey(dir, "s3cret");
        var withoutPassword = new CertKey(encrypted.certFile(), encrypted.keyFile());
        assertThatThrownBy(() -> listenerWith(ListenerSecureSocket.builder(withoutPassword).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("is encrypted: set the password in CertKey.keyPassword");
    }

    @Test
    void failsListenerConstructionWhenAnEncryptedKeyHasTheWrongPassword() {
        var encrypted = SERVER.encryptedCertKey(dir, "s3cret");
        var wrong = new CertKey(encrypted.certFile(), encrypted.keyFile(), "wrong");
        assertThatThrownBy(() -> listenerWith(ListenerSecureSocket.builder(wrong).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("CertKey.keyPassword");
    }

    @Test
    void failsListenerConstructionWhenTheKeyStorePasswordIsWrong() {
        var store = SERVER.writeKeyStore(dir.resolve("server.p12"), "PKCS12", "right");
        assertThatThrownBy(() -> listenerWith(ListenerSecureSocket.builder(
                new KeyStoreFile(store.toString(), "wrong")).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("KeyStoreFile.password");
    }

    @Test
    void failsListenerConstructionWhenTheKeyIsInTheTraditionalRsaFormat() throws IOException {
        var key = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        var certKey = new CertKey(SERVER.writeChain(dir.resolve("s.crt")).toString(), key.toString());
        assertThatThrownBy(() -> listenerWith(ListenerSecureSocket.builder(certKey).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("convert it to PKCS#8");
    }

    @Test
    void failsListenerConstructionWhenTheMutualSslTrustFileIsMissing() {
        var secureSocket = serverPem().toBuilder().mutualSsl(new MutualSsl(
                new TrustedCertificates(dir.resolve("clients.pem").toString()))).build();
        assertThatThrownBy(() -> listenerWith(secureSocket))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("clients.pem: no such file (TrustedCertificates.certFile)");
    }

    @Test
    void failsListenerConstructionWhenNoCipherSuiteIsSupported() {
        var secureSocket = serverPem().toBuilder().ciphers(List.of("TLS_MADE_UP_SUITE")).build();
        assertThatThrownBy(() -> listenerWith(secureSocket))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("ciphers");
    }

    @Test
    void failsListenerConstructionWhenCertValidationIsGivenWithoutMutualSsl() {
        var secureSocket = serverPem().toBuilder().certValidation(new CertValidation(CertValidationType.OCSP_CRL,
                10, Duration.ofMinutes(1))).build();
        assertThatThrownBy(() -> listenerWith(secureSocket))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("needs mutualSsl");
    }

    @Test
    void failsClientConstructionBeforeConnectingWhenTheTrustFileIsMissing() {
        var secureSocket = ClientSecureSocket.builder().cert(new TrustedCertificates(
                dir.resolve("ca.pem").toString())).build();
        assertThatThrownBy(() -> new Client("wss://127.0.0.1:1/", ClientConfiguration.builder()
                .secureSocket(secureSocket).build()))
                .isInstanceOf(SslException.class)
                .hasMessageContaining("ca.pem: no such file (TrustedCertificates.certFile)");
    }

    @Test
    void rejectsAnUnknownTlsVersion() {
        assertThatThrownBy(() -> Protocol.tls("TLSv1.4")).isInstanceOf(SslException.class)
                .hasMessageContaining("unknown TLS version 'TLSv1.4'");
    }

    @Test
    void rejectsAnUnknownEngineName() {
        System.setProperty(TlsEngine.PROPERTY, "gnutls");
        assertThatThrownBy(() -> listenerWith(serverPem())).isInstanceOf(SslException.class)
                .hasMessageContaining("must be jdk, openssl or auto");
    }

    @Test
    void hidesPasswordsInToString() {
        assertThat(new KeyStoreFile("a.p12", "secret").toString()).doesNotContain("secret");
        assertThat(new CertKey("a.crt", "a.key", "secret").toString()).doesNotContain("secret");
        assertThat(new TrustStoreFile("t.p12", "secret").toString()).doesNotContain("secret");
    }

}
