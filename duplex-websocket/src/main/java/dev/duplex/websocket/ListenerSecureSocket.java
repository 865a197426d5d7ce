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
 * connections arrive, on a thread of the listener (never an event loop); new connections then use the new
 * certificate and key, open ones go on with the old. A change that cannot be used (e.g. a certificate written before
 * its key) is logged and the previous material kept.
 *
 * <p>Thread safety: immutable (the {@link Builder} is not thread-safe).
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

    /**
     * Checks the values; prefer {@link #builder(KeyMaterial)}, which fills in the defaults.
     *
     * @param key              see {@link #key()}
     * @param mutualSsl        see {@link #mutualSsl()}
     * @param protocol         see {@link #protocol()}
     * @param certValidation   see {@link #certValidation()}
     * @param ciphers          see {@link #ciphers()}
     * @param shareSession     see {@link #shareSession()}
     * @param handshakeTimeout see {@link #handshakeTimeout()}
     * @param sessionTimeout   see {@link #sessionTimeout()}
     * @param reloadInterval   see {@link #reloadInterval()}
     * @throws SslException         when {@code key} is {@code null}, {@code ciphers} is empty, a timeout is not
     *                              positive or {@code reloadInterval} is negative
     * @throws NullPointerException when {@code ciphers}, {@code handshakeTimeout} or {@code reloadInterval} is
     *                              {@code null}
     */
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

    /**
     * A builder with the defaults and {@code key}.
     *
     * @param key the listener's certificate chain and private key
     * @return the builder
     */
    public static Builder builder(KeyMaterial key) {
        return new Builder().key(key);
    }

    /** {@return a builder starting from this configuration's values, to change a few} */
    public Builder toBuilder() {
        return new Builder().key(key).mutualSsl(mutualSsl).protocol(protocol).certValidation(certValidation)
                .ciphers(ciphers).shareSession(shareSession).handshakeTimeout(handshakeTimeout)
                .sessionTimeout(sessionTimeout).reloadInterval(reloadInterval);
    }

    /**
     * Builds a {@link ListenerSecureSocket}; only the key is required, and the values are checked by
     * {@link #build()}.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
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

        /**
         * Sets the listener's certificate chain and private key; required.
         *
         * @param key a PEM pair or a key store
         * @return this builder
         */
        public Builder key(KeyMaterial key) {
            this.key = key;
            return this;
        }

        /**
         * Sets client certificate verification (mutual TLS); default none.
         *
         * @param mutualSsl the verification, or {@code null} for none
         * @return this builder
         */
        public Builder mutualSsl(MutualSsl mutualSsl) {
            this.mutualSsl = mutualSsl;
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
         * Sets revocation checking of client certificates (with {@link MutualSsl}); default none.
         *
         * @param certValidation how to check, or {@code null} for no revocation checking
         * @return this builder
         */
        public Builder certValidation(CertValidation certValidation) {
            this.certValidation = certValidation;
            return this;
        }

        /**
         * Sets the cipher suites allowed, by their IANA names; default {@link #DEFAULT_CIPHERS}. Names the engine
         * does not support are skipped (logged); none supported fails the listener's construction.
         *
         * @param ciphers the suites; not {@code null}, not empty
         * @return this builder
         */
        public Builder ciphers(List<String> ciphers) {
            this.ciphers = ciphers;
            return this;
        }

        /**
         * Sets whether a client may resume an earlier TLS session; default {@code true}.
         *
         * @param shareSession {@code false} makes every connection a full handshake
         * @return this builder
         */
        public Builder shareSession(boolean shareSession) {
            this.shareSession = shareSession;
            return this;
        }

        /**
         * Sets how long the TLS handshake may take before the connection is dropped; default
         * {@link #DEFAULT_HANDSHAKE_TIMEOUT} (10 s).
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
         * Sets how often, at most, the key and trust files are checked for changes; default 1 s.
         *
         * @param reloadInterval the interval; {@link Duration#ZERO} never reloads; not negative
         * @return this builder
         */
        public Builder reloadInterval(Duration reloadInterval) {
            this.reloadInterval = reloadInterval;
            return this;
        }

        /**
         * Builds the configuration, checking the values (the files are read later, by the {@link Listener}).
         *
         * @return the configuration
         * @throws SslException         naming the field when a value is invalid
         * @throws NullPointerException naming the field when a required value was set to {@code null}
         */
        public ListenerSecureSocket build() {
            return new ListenerSecureSocket(key, mutualSsl, protocol, certValidation, ciphers, shareSession,
                    handshakeTimeout, sessionTimeout, reloadInterval);
        }
    }
}
