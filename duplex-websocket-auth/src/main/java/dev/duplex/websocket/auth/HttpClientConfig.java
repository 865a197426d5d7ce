package dev.duplex.websocket.auth;

import dev.duplex.websocket.ClientAuthConfig;
import dev.duplex.websocket.auth.internal.PemFiles;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How this module's HTTP calls are made — to a JWKS endpoint, an introspection endpoint or a token endpoint (the
 * reference's {@code oauth2:ClientConfiguration}). The calls use the JDK's {@link java.net.http.HttpClient}, which
 * always verifies the server's host name.
 *
 * <p>Thread safety: immutable (the {@link Builder} is not thread-safe).
 *
 * @param sslContext     the TLS context for {@code https} URLs, or {@code null} (the default) for the JDK's, which
 *                       trusts the JDK's CA certificates
 * @param connectTimeout how long connecting may take; default 10 s
 * @param requestTimeout how long a whole request may take; default 30 s
 * @param customHeaders  extra request headers; default none
 * @param auth           how the call itself authenticates, e.g. the resource server's own credentials at an
 *                       introspection endpoint (a {@link CredentialsConfig} or {@link BearerTokenConfig}), or
 *                       {@code null} (the default)
 */
public record HttpClientConfig(SSLContext sslContext, Duration connectTimeout, Duration requestTimeout,
                               Map<String, String> customHeaders, ClientAuthConfig auth) {
    /** The defaults. */
    public static final HttpClientConfig DEFAULT = builder().build();

    /**
     * Checks the values; prefer {@link #builder()}, which fills in the defaults.
     *
     * @param sslContext     see {@link #sslContext()}
     * @param connectTimeout see {@link #connectTimeout()}
     * @param requestTimeout see {@link #requestTimeout()}
     * @param customHeaders  see {@link #customHeaders()}
     * @param auth           see {@link #auth()}
     * @throws IllegalArgumentException when a timeout is not positive
     * @throws NullPointerException     when a timeout or {@code customHeaders} is {@code null}
     */
    public HttpClientConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout must not be null");
        Objects.requireNonNull(requestTimeout, "requestTimeout must not be null");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        customHeaders = Map.copyOf(Objects.requireNonNull(customHeaders, "customHeaders must not be null"));
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return every value, with the header values hidden (only their names are shown)} */
    @Override
    public String toString() {
        return "HttpClientConfig[sslContext=" + (sslContext == null ? "JDK default" : "custom")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", customHeaders=" + customHeaders.keySet() + ", auth=" + auth + "]";
    }

    /**
     * Builds a {@link HttpClientConfig}; every setter is optional.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
    public static final class Builder {
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private final Map<String, String> customHeaders = new LinkedHashMap<>();
        private ClientAuthConfig auth;

        private Builder() {
        }

        /**
         * Sets the TLS context for {@code https} URLs; default the JDK's. Replaces what
         * {@link #trustCertificate(Path)} or {@link #trustStore(KeyStore)} set.
         *
         * @param sslContext the context, or {@code null} for the JDK's
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * Trusts exactly the certificates of a PEM file (the reference's {@code secureSocket.cert}); the file is
         * read now.
         *
         * @param pemFile a PEM file of one or more certificates
         * @return this builder
         * @throws java.io.UncheckedIOException when the file cannot be read
         * @throws IllegalArgumentException     when it holds no usable certificate
         */
        public Builder trustCertificate(Path pemFile) {
            this.sslContext = PemFiles.sslContextTrusting(pemFile);
            return this;
        }

        /**
         * Trusts the certificates of a key store (the reference's {@code secureSocket.cert} as a trust store).
         *
         * @param trustStore a loaded key store
         * @return this builder
         * @throws IllegalArgumentException when no TLS context can be built from it
         */
        public Builder trustStore(KeyStore trustStore) {
            this.sslContext = PemFiles.sslContextTrusting(trustStore);
            return this;
        }

        /**
         * Sets how long connecting may take; default 10 s.
         *
         * @param connectTimeout the limit; positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets how long a whole request may take; default 30 s.
         *
         * @param requestTimeout the limit; positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Adds an extra request header (or replaces one of that name added before); default none.
         *
         * @param name  the header's name; not {@code null}
         * @param value the header's value; not {@code null}
         * @return this builder
         */
        public Builder customHeader(String name, String value) {
            customHeaders.put(name, value);
            return this;
        }

        /**
         * Sets how the call itself authenticates, e.g. the resource server's own credentials at an introspection
         * endpoint; default none.
         *
         * @param auth a {@link CredentialsConfig}, {@link BearerTokenConfig} or other source, or {@code null}
         * @return this builder
         */
        public Builder auth(ClientAuthConfig auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Builds the configuration, checking the values.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a timeout is not positive
         * @throws NullPointerException     when a timeout was set to {@code null}, or a header name or value is
         *                                  {@code null}
         */
        public HttpClientConfig build() {
            return new HttpClientConfig(sslContext, connectTimeout, requestTimeout, customHeaders, auth);
        }
    }
}
