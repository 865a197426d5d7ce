package dev.duplex.websocket;

import java.time.Duration;
import java.util.List;

/**
 * TLS for a {@link Client} on {@code wss://} (spec §4.1 {@code secureSocket}). Immutable; build one with
 * {@link #builder()}. Without one, {@code wss://} trusts the JDK's default certificate authorities and verifies the
 * host name.
 *
 * <p>The files are read when the client is constructed; problems fail there with {@link SslException}. Handshake
 * failures are the {@code SslException} subclasses that name the cause.
 *
 * <p>Thread safety: immutable.
 *
 * @param enable           {@code false} trusts any server certificate and skips hostname verification: for
 *                         development only (logged as a warning); default {@code true}
 * @param cert             the certificates the server's must chain to, or {@code null} (the default) for the JDK's
 *                         default trust
 * @param key              this client's certificate and key for mutual TLS, or {@code null} (the default) for none
 * @param protocol         the TLS versions allowed, or {@code null} (the default) for the engine's (TLSv1.2, TLSv1.3)
 * @param ciphers          the cipher suites allowed, or {@code null} (the default) for the engine's
 * @param certValidation   revocation checking of the server's certificate, or {@code null} (the default) for none;
 *                         {@link CertValidationType#OCSP_STAPLING} asks the server to staple its OCSP response and
 *                         checks that first
 * @param verifyHostName   whether the server's certificate must name the host connected to; default {@code true}
 * @param serverName       the host name sent in SNI (and then verified), or {@code null} (the default) for the URL's
 *                         host (IP addresses are not sent)
 * @param shareSession     whether later connections of this client may resume its TLS session; default {@code true}
 * @param handshakeTimeout how long the TLS handshake may take ({@link TlsHandshakeTimeoutException}); default 10 s,
 *                         and never longer than {@link ClientConfiguration#handShakeTimeout()}
 * @param sessionTimeout   how long a TLS session may be resumed, or {@code null} (the default) for the engine's
 */
public record ClientSecureSocket(
        boolean enable,
        TrustMaterial cert,
        KeyMaterial key,
        Protocol protocol,
        List<String> ciphers,
        CertValidation certValidation,
        boolean verifyHostName,
        String serverName,
        boolean shareSession,
        Duration handshakeTimeout,
        Duration sessionTimeout) {

    /** TLS with the JDK's default trust and hostname verification: what {@code wss://} does without configuration. */
    public static final ClientSecureSocket DEFAULT = builder().build();

    public ClientSecureSocket {
        if (ciphers != null) {
            ciphers = List.copyOf(ciphers);
            if (ciphers.isEmpty()) {
                throw new SslException("ClientSecureSocket.ciphers must not be empty (null means the engine's)");
            }
        }
        if (serverName != null && serverName.isBlank()) {
            throw new SslException("ClientSecureSocket.serverName must not be blank (null means the URL's host)");
        }
        handshakeTimeout = ListenerSecureSocket.positive(handshakeTimeout, "handshakeTimeout");
        if (sessionTimeout != null) {
            ListenerSecureSocket.positive(sessionTimeout, "sessionTimeout");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().enable(enable).cert(cert).key(key).protocol(protocol).ciphers(ciphers)
                .certValidation(certValidation).verifyHostName(verifyHostName).serverName(serverName)
                .shareSession(shareSession).handshakeTimeout(handshakeTimeout).sessionTimeout(sessionTimeout);
    }

    /** Builds a {@link ClientSecureSocket}; not thread-safe. */
    public static final class Builder {
        private boolean enable = true;
        private TrustMaterial cert;
        private KeyMaterial key;
        private Protocol protocol;
        private List<String> ciphers;
        private CertValidation certValidation;
        private boolean verifyHostName = true;
        private String serverName;
        private boolean shareSession = true;
        private Duration handshakeTimeout = ListenerSecureSocket.DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration sessionTimeout;

        private Builder() {
        }

        public Builder enable(boolean enable) {
            this.enable = enable;
            return this;
        }

        public Builder cert(TrustMaterial cert) {
            this.cert = cert;
            return this;
        }

        public Builder key(KeyMaterial key) {
            this.key = key;
            return this;
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder ciphers(List<String> ciphers) {
            this.ciphers = ciphers;
            return this;
        }

        public Builder certValidation(CertValidation certValidation) {
            this.certValidation = certValidation;
            return this;
        }

        public Builder verifyHostName(boolean verifyHostName) {
            this.verifyHostName = verifyHostName;
            return this;
        }

        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        public Builder shareSession(boolean shareSession) {
            this.shareSession = shareSession;
            return this;
        }

        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
            return this;
        }

        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        /** @throws SslException naming the field when a value is invalid */
        public ClientSecureSocket build() {
            return new ClientSecureSocket(enable, cert, key, protocol, ciphers, certValidation, verifyHostName,
                    serverName, shareSession, handshakeTimeout, sessionTimeout);
        }
    }
}
