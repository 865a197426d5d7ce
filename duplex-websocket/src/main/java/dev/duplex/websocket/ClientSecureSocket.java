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
 * <p>Thread safety: immutable (the {@link Builder} is not thread-safe).
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

    /**
     * Checks the values; prefer {@link #builder()}, which fills in the defaults.
     *
     * @param enable           see {@link #enable()}
     * @param cert             see {@link #cert()}
     * @param key              see {@link #key()}
     * @param protocol         see {@link #protocol()}
     * @param ciphers          see {@link #ciphers()}
     * @param certValidation   see {@link #certValidation()}
     * @param verifyHostName   see {@link #verifyHostName()}
     * @param serverName       see {@link #serverName()}
     * @param shareSession     see {@link #shareSession()}
     * @param handshakeTimeout see {@link #handshakeTimeout()}
     * @param sessionTimeout   see {@link #sessionTimeout()}
     * @throws SslException         when {@code ciphers} is empty, {@code serverName} is blank, or a timeout is not
     *                              positive
     * @throws NullPointerException when {@code handshakeTimeout} is {@code null}
     */
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

    /** {@return a builder holding the defaults: verified TLS with the JDK's trust} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from this configuration's values, to change a few} */
    public Builder toBuilder() {
        return new Builder().enable(enable).cert(cert).key(key).protocol(protocol).ciphers(ciphers)
                .certValidation(certValidation).verifyHostName(verifyHostName).serverName(serverName)
                .shareSession(shareSession).handshakeTimeout(handshakeTimeout).sessionTimeout(sessionTimeout);
    }

    /**
     * Builds a {@link ClientSecureSocket}; every setter is optional and the values are checked by {@link #build()}.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
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

        /**
         * Sets whether the server's certificate is verified; default {@code true}. {@code false} trusts any
         * certificate and skips hostname verification: for development only (logged as a warning).
         *
         * @param enable {@code false} to trust any server
         * @return this builder
         */
        public Builder enable(boolean enable) {
            this.enable = enable;
            return this;
        }

        /**
         * Sets the certificates the server's must chain to; default the JDK's trusted authorities.
         *
         * @param cert a PEM file or trust store, or {@code null} for the JDK's default trust
         * @return this builder
         */
        public Builder cert(TrustMaterial cert) {
            this.cert = cert;
            return this;
        }

        /**
         * Sets this client's certificate and key, presented when the server asks (mutual TLS); default none.
         *
         * @param key a PEM pair or key store, or {@code null} for none
         * @return this builder
         */
        public Builder key(KeyMaterial key) {
            this.key = key;
            return this;
        }

        /**
         * Sets the TLS versions allowed; default the engine's (TLSv1.2 and TLSv1.3).
         *
         * @param protocol the versions, or {@code null} for the engine's
         * @return this builder
         */
        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /**
         * Sets the cipher suites allowed, by their IANA names; default the engine's.
         *
         * @param ciphers the suites, not empty, or {@code null} for the engine's
         * @return this builder
         */
        public Builder ciphers(List<String> ciphers) {
            this.ciphers = ciphers;
            return this;
        }

        /**
         * Sets revocation checking of the server's certificate; default none.
         *
         * @param certValidation how to check, or {@code null} for no revocation checking
         * @return this builder
         */
        public Builder certValidation(CertValidation certValidation) {
            this.certValidation = certValidation;
            return this;
        }

        /**
         * Sets whether the server's certificate must name the host connected to; default {@code true}.
         *
         * @param verifyHostName {@code false} accepts a trusted certificate for any host
         * @return this builder
         */
        public Builder verifyHostName(boolean verifyHostName) {
            this.verifyHostName = verifyHostName;
            return this;
        }

        /**
         * Sets the host name sent in SNI and then verified; default the URL's host (IP addresses are not sent).
         *
         * @param serverName a host name, not blank, or {@code null} for the URL's host
         * @return this builder
         */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /**
         * Sets whether later connections of this client may resume its TLS session; default {@code true}.
         *
         * @param shareSession {@code false} makes every connection a full handshake
         * @return this builder
         */
        public Builder shareSession(boolean shareSession) {
            this.shareSession = shareSession;
            return this;
        }

        /**
         * Sets how long the TLS handshake may take before {@link TlsHandshakeTimeoutException}; default 10 s, and
         * never longer than {@link ClientConfiguration#handShakeTimeout()}.
         *
         * @param handshakeTimeout the limit; positive
         * @return this builder
         */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
            return this;
        }

        /**
         * Sets how long a TLS session may be resumed; default the engine's.
         *
         * @param sessionTimeout positive, or {@code null} for the engine's
         * @return this builder
         */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        /**
         * Builds the configuration, checking the values (the files are read later, by the {@link Client}).
         *
         * @return the configuration
         * @throws SslException naming the field when a value is invalid
         */
        public ClientSecureSocket build() {
            return new ClientSecureSocket(enable, cert, key, protocol, ciphers, certValidation, verifyHostName,
                    serverName, shareSession, handshakeTimeout, sessionTimeout);
        }
    }
}
