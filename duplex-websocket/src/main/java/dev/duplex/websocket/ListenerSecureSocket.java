package dev.duplex.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * TLS for a {@link Listener} ({@code wss://}; spec §2.1 {@code secureSocket}). Immutable; build one with
 * {@link #builder(KeyMaterial)}.
 *
 * <p>The key and trust files are read when the listener is constructed: unreadable files, a key that does not
 * decrypt or does not match its certificate, or ciphers the engine does not know fail there with {@link SslException}.
 * While the listener runs, the files are checked for changes at most once per {@link #reloadInterval()} as
 * connections arrive; new connections then use the new certificate and key, open ones go on with the old. A change
 * that cannot be used (e.g. a certificate written before its key) is logged and the previous material kept.
 *
 * <p>Thread safety: immutable.
 *
 * @param key              the listener's certificate chain and private key
 * @param mutualSsl        client certificate verification, or {@code null} (the default) for none
 * @param protocol         the TLS versions allowed, or {@code null} (the default) for the engine's (TLSv1.2, TLSv1.3)
 * @param certValidation   revocation checking of client certificates (needs {@code mutualSsl}), and with
 *                         {@link CertValidationType#OCSP_STAPLING} stapling of the OCSP response for the listener's
 *                         certificate (with or without {@code mutualSsl}); {@code null} (the default) for neither
 * @param ciphers          the cipher suites allowed, by their IANA names; default {@link #DEFAULT_CIPHERS}; names the
 *                         engine does not support are skipped (logged); none supported fails construction. The
 *                         OpenSSL engine (BoringSSL) allows every TLS 1.3 suite whatever the list says (logged)
 * @param shareSession     whether a client may resume an earlier TLS session; default {@code true}. On the JDK engine,
 *                         {@code false} also needs {@code -Djdk.tls.server.enableSessionTicketExtension=false}, else
 *                         clients resume from session tickets (logged)
 * @param handshakeTimeout how long the TLS handshake may take before the connection is dropped; default 10 s
 * @param sessionTimeout   how long a TLS session may be resumed, or {@code null} (the default) for the engine's.
 *                         Enforced for TLS 1.2 sessions by the OpenSSL engine, and by the JDK engine only with its
 *                         session tickets off; otherwise a hint to clients (logged; docs/tls.md)
 * @param reloadInterval   how often, at most, the files are checked for changes; default 1 s; {@link Duration#ZERO}
 *                         never reloads
 */
public record ListenerSecureSocket(
        KeyMaterial key,
        MutualSsl mutualSsl,
        Protocol protocol,
        CertValidation certValidation,
        List<String> ciphers,
        boolean shareSession,
        Duration handshakeTimeout,
        Duration sessionTimeout,
        Duration reloadInterval) {

    /**
     * The spec's default cipher suites (TLS 1.2) followed by the TLS 1.3 suites, which the spec's list predates.
     * The DHE suites are skipped by engines without them (BoringSSL).
     */
    public static final List<String> DEFAULT_CIPHERS = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** Netty's and the reference's default TLS handshake timeout. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public ListenerSecureSocket {
        if (key == null) {
            throw new SslException("Key material must be provided for secure connection (ListenerSecureSocket.key:"
                    + " a CertKey or a KeyStoreFile)");
        }
        ciphers = List.copyOf(Objects.requireNonNull(ciphers, "ciphers must not be null"));
        if (ciphers.isEmpty()) {
            throw new SslException("ListenerSecureSocket.ciphers must not be empty");
        }
        handshakeTimeout = positive(handshakeTimeout, "handshakeTimeout");
        if (sessionTimeout != null) {
            positive(sessionTimeout, "sessionTimeout");
        }
        Objects.requireNonNull(reloadInterval, "reloadInterval must not be null");
        if (reloadInterval.isNegative()) {
            throw new SslException("ListenerSecureSocket.reloadInterval cannot be negative (Duration.ZERO never "
                    + "reloads), was " + reloadInterval);
        }
    }

    static Duration positive(Duration value, String field) {
        Objects.requireNonNull(value, field + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new SslException(field + " must be positive, was " + value);
        }
        return value;
    }

    /** A builder with the defaults and {@code key}. */
    public static Builder builder(KeyMaterial key) {
        return new Builder().key(key);
    }

    public Builder toBuilder() {
        return new Builder().key(key).mutualSsl(mutualSsl).protocol(protocol).certValidation(certValidation)
                .ciphers(ciphers).shareSession(shareSession).handshakeTimeout(handshakeTimeout)
                .sessionTimeout(sessionTimeout).reloadInterval(reloadInterval);
    }

    /** Builds a {@link ListenerSecureSocket}; not thread-safe. */
    public static final class Builder {
        private KeyMaterial key;
        private MutualSsl mutualSsl;
        private Protocol protocol;
        private CertValidation certValidation;
        private List<String> ciphers = DEFAULT_CIPHERS;
        private boolean shareSession = true;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration sessionTimeout;
        private Duration reloadInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        public Builder key(KeyMaterial key) {
            this.key = key;
            return this;
        }

        public Builder mutualSsl(MutualSsl mutualSsl) {
            this.mutualSsl = mutualSsl;
            return this;
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder certValidation(CertValidation certValidation) {
            this.certValidation = certValidation;
            return this;
        }

        public Builder ciphers(List<String> ciphers) {
            this.ciphers = ciphers;
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

        public Builder reloadInterval(Duration reloadInterval) {
            this.reloadInterval = reloadInterval;
            return this;
        }

        /** @throws SslException naming the field when a value is invalid */
        public ListenerSecureSocket build() {
            return new ListenerSecureSocket(key, mutualSsl, protocol, certValidation, ciphers, shareSession,
                    handshakeTimeout, sessionTimeout, reloadInterval);
        }
    }
}
