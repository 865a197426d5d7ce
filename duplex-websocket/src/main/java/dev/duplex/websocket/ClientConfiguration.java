package dev.duplex.websocket;

import dev.duplex.websocket.internal.protocol.HeaderFieldRules;
import java.net.HttpCookie;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Client} connects and reads (spec §4.1, with the fields the reference adds: {@code writeTimeout},
 * {@code retryConfig}, {@code validation}). Immutable; build one with {@link #builder()}. Every default is the spec's.
 * Checked when built; {@code toString()} shows every value except secrets: custom header values and cookie values
 * are replaced by {@code ***} (their names stay), and {@link #auth()} and {@link #proxy()} print no credentials.
 *
 * <p>Thread safety: immutable (the {@link Builder} is not thread-safe); one configuration may serve many clients.
 *
 * @param subProtocols                sub-protocols to offer, in order of preference; when the server accepts none,
 *                                    the handshake fails with {@link InvalidHandshakeException}; default none
 * @param customHeaders               extra headers on the upgrade request; default none
 * @param cookies                     cookies to send on the upgrade request; default none
 * @param readTimeout                 how long a read waits for a message before {@link ReadTimeoutException} (the
 *                                    connection stays usable); {@link Duration#ZERO} (the default) waits forever
 * @param writeTimeout                how long a write may wait for room while more than 64 KiB are queued for the
 *                                    socket (with a {@code retryConfig}: for its message to be written) before
 *                                    {@link WriteTimeoutException}; the connection then closes with 1008;
 *                                    {@link Duration#ZERO} (the default) waits forever
 * @param handShakeTimeout            how long connecting and the opening handshake may take before
 *                                    {@link HandshakeTimeoutException}; default 300 s; positive; it does not apply
 *                                    later
 * @param maxFrameSize                largest inbound frame payload (larger: close 1009 and the read fails with
 *                                    {@link PayloadTooLargeException}); outbound messages longer are fragmented;
 *                                    default 65536; at least 1
 * @param maxMessageSize              largest inbound message after its fragments are joined; default 1 MiB; at least
 *                                    1
 * @param webSocketCompressionEnabled whether to offer permessage-deflate; default {@code true}
 * @param pingPongHandler             receives pings and pongs, or {@code null} (the default: pings are answered
 *                                    automatically)
 * @param retryConfig                 how to reconnect, or {@code null} (the default) for never
 * @param validation                  whether values read with {@code readMessage(Class)} are validated; default
 *                                    {@code true}
 * @param inboundQueueCapacity        how many received messages may wait for a read before the client stops
 *                                    reading from the socket (the server then sees backpressure); default 16
 * @param codec                       turns messages into values and back for {@code readMessage(Class)} and
 *                                    {@code writeMessage}; default {@link JacksonCodec#DEFAULT}
 * @param auth                        how the upgrade request authenticates, or {@code null} (the default) for no
 *                                    {@code Authorization} header
 * @param secureSocket                TLS settings for {@code wss://} URLs, or {@code null} (the default) for the JDK's
 *                                    default trust with hostname verification; ignored for {@code ws://}
 * @param pingInterval                how often to ping the server to check it is alive; {@link Duration#ZERO} (the
 *                                    default) sends no keep-alive pings
 * @param pongTimeout                 with {@code pingInterval} set: how long after a keep-alive ping some frame (its
 *                                    pong or anything else) must arrive; otherwise the connection is dropped, as if
 *                                    the network failed (close code 1006); default 30 s
 * @param proxy                       an HTTP proxy to tunnel through with {@code CONNECT}, or {@code null} (the
 *                                    default) to connect directly
 * @param meterRegistry               a Micrometer {@code io.micrometer.core.instrument.MeterRegistry} that receives
 *                                    the client's metrics, or {@code null} (the default); typed {@code Object} so
 *                                    that Micrometer stays optional
 */
public record ClientConfiguration(
        List<String> subProtocols,
        Map<String, String> customHeaders,
        List<HttpCookie> cookies,
        Duration readTimeout,
        Duration writeTimeout,
        Duration handShakeTimeout,
        int maxFrameSize,
        int maxMessageSize,
        boolean webSocketCompressionEnabled,
        PingPongService pingPongHandler,
        RetryConfig retryConfig,
        boolean validation,
        int inboundQueueCapacity,
        MessageCodec codec,
        ClientAuthConfig auth,
        ClientSecureSocket secureSocket,
        Duration pingInterval,
        Duration pongTimeout,
        ProxyConfig proxy,
        Object meterRegistry) {

    /** The defaults. */
    public static final ClientConfiguration DEFAULT = builder().build();

    /**
     * Checks every value; prefer {@link #builder()}, which fills in the defaults. An invalid value is refused with a
     * message naming the setting and the value, never replaced by a default; the lists and the header map are
     * copied.
     *
     * @param subProtocols                see {@link #subProtocols()}
     * @param customHeaders               see {@link #customHeaders()}
     * @param cookies                     see {@link #cookies()}
     * @param readTimeout                 see {@link #readTimeout()}
     * @param writeTimeout                see {@link #writeTimeout()}
     * @param handShakeTimeout            see {@link #handShakeTimeout()}
     * @param maxFrameSize                see {@link #maxFrameSize()}
     * @param maxMessageSize              see {@link #maxMessageSize()}
     * @param webSocketCompressionEnabled see {@link #webSocketCompressionEnabled()}
     * @param pingPongHandler             see {@link #pingPongHandler()}
     * @param retryConfig                 see {@link #retryConfig()}
     * @param validation                  see {@link #validation()}
     * @param inboundQueueCapacity        see {@link #inboundQueueCapacity()}
     * @param codec                       see {@link #codec()}
     * @param auth                        see {@link #auth()}
     * @param secureSocket                see {@link #secureSocket()}
     * @param pingInterval                see {@link #pingInterval()}
     * @param pongTimeout                 see {@link #pongTimeout()}
     * @param proxy                       see {@link #proxy()}
     * @param meterRegistry               see {@link #meterRegistry()}
     * @throws NullPointerException     when a list, the header map, a duration or {@code codec} is {@code null}
     * @throws IllegalArgumentException naming the field: a sub-protocol that is not a token, a custom header whose
     *                                  name is not a token or whose value holds CR, LF, NUL or another control
     *                                  character but tab (or starts with whitespace), a cookie whose value does, a
     *                                  {@code handShakeTimeout} that is not positive, a {@code maxFrameSize} or
     *                                  {@code maxMessageSize} under 1, a negative
     *                                  {@code readTimeout}, {@code writeTimeout} or {@code pingInterval}, an
     *                                  {@code inboundQueueCapacity} under 1, a {@code pongTimeout} that is not
     *                                  positive, or a {@code meterRegistry} that is not a Micrometer
     *                                  {@code MeterRegistry} (or Micrometer is not on the class path)
     */
    public ClientConfiguration {
        subProtocols = SubProtocolList.checked(subProtocols, "ClientConfiguration.subProtocols");
        customHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(customHeaders, "customHeaders must not be null")));
        customHeaders.forEach((name, value) ->
                HeaderFieldRules.checkRequest(name, value, "ClientConfiguration.customHeaders"));
        cookies = List.copyOf(Objects.requireNonNull(cookies, "cookies must not be null"));
        for (HttpCookie cookie : cookies) {
            // HttpCookie checks the name; the value ends up in the Cookie header as it is.
            HeaderFieldRules.checkRequest("Cookie", cookie.getName() + "=" + cookie.getValue(),
                    "ClientConfiguration.cookies");
        }
        readTimeout = notNegative(readTimeout, "readTimeout");
        writeTimeout = notNegative(writeTimeout, "writeTimeout");
        Objects.requireNonNull(handShakeTimeout, "handShakeTimeout must not be null");
        if (handShakeTimeout.isNegative() || handShakeTimeout.isZero()) {
            throw new IllegalArgumentException("ClientConfiguration.handShakeTimeout must be positive, was "
                    + handShakeTimeout);
        }
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("ClientConfiguration.maxFrameSize must be at least 1 byte, was "
                    + maxFrameSize);
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("ClientConfiguration.maxMessageSize must be at least 1 byte, was "
                    + maxMessageSize);
        }
        if (inboundQueueCapacity < 1) {
            throw new IllegalArgumentException("inboundQueueCapacity must be at least 1, was " + inboundQueueCapacity);
        }
        Objects.requireNonNull(codec, "codec must not be null");
        pingInterval = notNegative(pingInterval, "pingInterval");
        Objects.requireNonNull(pongTimeout, "pongTimeout must not be null");
        if (pongTimeout.isNegative() || pongTimeout.isZero()) {
            throw new IllegalArgumentException("pongTimeout must be positive, was " + pongTimeout);
        }
        dev.duplex.websocket.internal.metrics.WebSocketMetrics.checkRegistry(meterRegistry,
                "ClientConfiguration.meterRegistry");
    }

    /**
     * {@return every field, with custom header values and cookie values replaced by {@code ***}} Headers and cookies
     * often carry credentials (an API key, a session cookie), and configurations end up in logs.
     */
    @Override
    public String toString() {
        var headers = new LinkedHashMap<String, String>();
        customHeaders.keySet().forEach(name -> headers.put(name, "***"));
        List<String> cookieNames = cookies.stream().map(cookie -> cookie.getName() + "=***").toList();
        return "ClientConfiguration[subProtocols=" + subProtocols + ", customHeaders=" + headers
                + ", cookies=" + cookieNames + ", readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout
                + ", handShakeTimeout=" + handShakeTimeout + ", maxFrameSize=" + maxFrameSize
                + ", maxMessageSize=" + maxMessageSize + ", webSocketCompressionEnabled=" + webSocketCompressionEnabled
                + ", pingPongHandler=" + pingPongHandler + ", retryConfig=" + retryConfig
                + ", validation=" + validation + ", inboundQueueCapacity=" + inboundQueueCapacity
                + ", codec=" + codec + ", auth=" + (auth == null ? null : auth.getClass().getSimpleName())
                + ", secureSocket=" + secureSocket + ", pingInterval=" + pingInterval
                + ", pongTimeout=" + pongTimeout + ", proxy=" + proxy + ", meterRegistry=" + meterRegistry + "]";
    }

    private static Duration notNegative(Duration value, String field) {
        Objects.requireNonNull(value, field + " must not be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " cannot be negative (Duration.ZERO means no timeout), was "
                    + value);
        }
        return value;
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from this configuration's values, to change a few} */
    public Builder toBuilder() {
        return new Builder().subProtocols(subProtocols).customHeaders(customHeaders).cookies(cookies)
                .readTimeout(readTimeout).writeTimeout(writeTimeout).handShakeTimeout(handShakeTimeout)
                .maxFrameSize(maxFrameSize).maxMessageSize(maxMessageSize)
                .webSocketCompressionEnabled(webSocketCompressionEnabled).pingPongHandler(pingPongHandler)
                .retryConfig(retryConfig).validation(validation).inboundQueueCapacity(inboundQueueCapacity)
                .codec(codec).auth(auth).secureSocket(secureSocket).pingInterval(pingInterval).pongTimeout(pongTimeout).proxy(proxy)
                .metrics(meterRegistry);
    }

    /**
     * Builds a {@link ClientConfiguration}; every setter is optional and the values are checked by {@link #build()}.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
    public static final class Builder {
        private List<String> subProtocols = List.of();
        private Map<String, String> customHeaders = Map.of();
        private List<HttpCookie> cookies = List.of();
        private Duration readTimeout = Duration.ZERO;
        private Duration writeTimeout = Duration.ZERO;
        private Duration handShakeTimeout = Duration.ofSeconds(300);
        private int maxFrameSize = WsServiceConfig.DEFAULT_MAX_FRAME_SIZE;
        private int maxMessageSize = WsServiceConfig.DEFAULT_MAX_MESSAGE_SIZE;
        private boolean webSocketCompressionEnabled = true;
        private PingPongService pingPongHandler;
        private RetryConfig retryConfig;
        private boolean validation = true;
        private int inboundQueueCapacity = 64;
        private MessageCodec codec = JacksonCodec.DEFAULT;
        private ClientAuthConfig auth;
        private ClientSecureSocket secureSocket;
        private Duration pingInterval = Duration.ZERO;
        private Duration pongTimeout = WsServiceConfig.DEFAULT_PONG_TIMEOUT;
        private ProxyConfig proxy;
        private Object meterRegistry;

        private Builder() {
        }

        /**
         * Sets the sub-protocols to offer, in order of preference; when the server accepts none of them, the
         * handshake fails with {@link InvalidHandshakeException}. Default none.
         *
         * @param subProtocols tokens (no spaces or commas); not {@code null}
         * @return this builder
         */
        public Builder subProtocols(List<String> subProtocols) {
            this.subProtocols = subProtocols;
            return this;
        }

        /**
         * Sets the sub-protocols to offer; see {@link #subProtocols(List)}.
         *
         * @param subProtocols tokens (no spaces or commas); no {@code null} entries
         * @return this builder
         */
        public Builder subProtocols(String... subProtocols) {
            return subProtocols(subProtocols == null ? null : java.util.Arrays.asList(subProtocols));
        }

        /**
         * Sets extra headers for the upgrade request, e.g. an API key; default none. {@code toString()} shows their
         * names, not their values; the standard schemes are better served by {@link #auth(ClientAuthConfig)}.
         *
         * @param customHeaders header values by name; not {@code null}
         * @return this builder
         */
        public Builder customHeaders(Map<String, String> customHeaders) {
            this.customHeaders = customHeaders;
            return this;
        }

        /**
         * Sets cookies to send on the upgrade request; default none.
         *
         * @param cookies the cookies; not {@code null}
         * @return this builder
         */
        public Builder cookies(List<HttpCookie> cookies) {
            this.cookies = cookies;
            return this;
        }

        /**
         * Sets how long a read waits for a message before {@link ReadTimeoutException} (the connection stays usable);
         * default {@link Duration#ZERO}: forever.
         *
         * @param readTimeout the wait; {@link Duration#ZERO} waits forever; not negative
         * @return this builder
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /**
         * Sets how long a write may take before {@link WriteTimeoutException} (the connection then closes with
         * 1008); default {@link Duration#ZERO}: forever.
         *
         * @param writeTimeout the limit; {@link Duration#ZERO} waits forever; not negative
         * @return this builder
         */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        /**
         * Sets how long connecting and the opening handshake may take before {@link HandshakeTimeoutException};
         * default 300 s.
         *
         * @param handShakeTimeout the limit; positive (checked by {@link #build()}); not {@code null}
         * @return this builder
         */
        public Builder handShakeTimeout(Duration handShakeTimeout) {
            this.handShakeTimeout = handShakeTimeout;
            return this;
        }

        /**
         * Sets the largest inbound frame payload; larger frames close the connection with 1009. Outbound messages
         * longer than this are fragmented. Default 65536.
         *
         * @param maxFrameSize bytes, at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * Sets the largest inbound message after its fragments are joined; default 1 MiB.
         *
         * @param maxMessageSize bytes, at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /**
         * Sets whether to offer permessage-deflate; default {@code true}.
         *
         * @param enabled {@code false} never compresses
         * @return this builder
         */
        public Builder webSocketCompressionEnabled(boolean enabled) {
            this.webSocketCompressionEnabled = enabled;
            return this;
        }

        /**
         * Sets the receiver of the server's pings and pongs; default none: pings are answered automatically.
         *
         * @param pingPongHandler the handler, or {@code null} for none
         * @return this builder
         */
        public Builder pingPongHandler(PingPongService pingPongHandler) {
            this.pingPongHandler = pingPongHandler;
            return this;
        }

        /**
         * Sets how to reconnect after a failure to connect, a dropped connection or a failed write; default
         * none: never. {@link RetryConfig#DEFAULT} is the reference's policy.
         *
         * @param retryConfig the policy, or {@code null} to never reconnect
         * @return this builder
         */
        public Builder retryConfig(RetryConfig retryConfig) {
            this.retryConfig = retryConfig;
            return this;
        }

        /**
         * Sets whether values read with {@code readMessage(Class)} are validated with Jakarta Bean Validation (when
         * a provider is on the class path); default {@code true}.
         *
         * @param validation {@code false} skips validation
         * @return this builder
         */
        public Builder validation(boolean validation) {
            this.validation = validation;
            return this;
        }

        /**
         * Sets how many received messages may wait for a read before the client stops reading from the socket;
         * default 16.
         *
         * @param inboundQueueCapacity messages; at least 1
         * @return this builder
         */
        public Builder inboundQueueCapacity(int inboundQueueCapacity) {
            this.inboundQueueCapacity = inboundQueueCapacity;
            return this;
        }

        /**
         * Sets the codec for {@code readMessage(Class)} and {@code writeMessage}; default
         * {@link JacksonCodec#DEFAULT}.
         *
         * @param codec the codec; not {@code null}
         * @return this builder
         */
        public Builder codec(MessageCodec codec) {
            this.codec = codec;
            return this;
        }

        /**
         * Sets how the upgrade request authenticates; asked at every connect, so a reconnect presents fresh
         * credentials. Default none: no {@code Authorization} header.
         *
         * @param auth the credentials' source, or {@code null} for none
         * @return this builder
         */
        public Builder auth(ClientAuthConfig auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Sets TLS for {@code wss://} URLs; default the JDK's trust with hostname verification. Ignored for
         * {@code ws://}.
         *
         * @param secureSocket the TLS settings, or {@code null} for the default
         * @return this builder
         */
        public Builder secureSocket(ClientSecureSocket secureSocket) {
            this.secureSocket = secureSocket;
            return this;
        }

        /**
         * Sets how often to ping the server to check it is alive; default {@link Duration#ZERO}: no keep-alive
         * pings.
         *
         * @param pingInterval the interval; {@link Duration#ZERO} disables keep-alive pings; not negative
         * @return this builder
         */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        /**
         * Sets how long after a keep-alive ping some frame must arrive before the connection is dropped (close
         * code 1006); default 30 s. Used only with a {@code pingInterval}.
         *
         * @param pongTimeout the wait; positive
         * @return this builder
         */
        public Builder pongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
            return this;
        }

        /**
         * Sets an HTTP proxy to tunnel through with {@code CONNECT}; default none: connect directly.
         *
         * @param proxy the proxy, or {@code null} for none
         * @return this builder
         */
        public Builder proxy(ProxyConfig proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * Publishes the client's metrics to a Micrometer {@code MeterRegistry}; default none. Sets
         * {@link ClientConfiguration#meterRegistry()}.
         *
         * <p>{@link #build()} throws {@link IllegalArgumentException} when it is not a {@code MeterRegistry}, or when
         * Micrometer is not on the class path.
         *
         * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}, or {@code null} for none
         * @return this builder
         */
        public Builder metrics(Object meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /**
         * Builds the configuration, checking every value.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the field when a value is invalid
         * @throws NullPointerException     naming the field when a required value was set to {@code null}
         */
        public ClientConfiguration build() {
            return new ClientConfiguration(subProtocols, customHeaders, cookies, readTimeout, writeTimeout,
                    handShakeTimeout, maxFrameSize, maxMessageSize, webSocketCompressionEnabled, pingPongHandler,
                    retryConfig, validation, inboundQueueCapacity, codec, auth, secureSocket, pingInterval, pongTimeout, proxy,
                    meterRegistry);
        }
    }
}
