package dev.duplex.websocket;

import java.net.HttpCookie;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Client} connects and reads (spec §4.1, with the fields the reference adds: {@code writeTimeout},
 * {@code retryConfig}, {@code validation}). Immutable; build one with {@link #builder()}. Every default is the spec's.
 *
 * @param subProtocols                sub-protocols to offer, in order of preference; when the server accepts none,
 *                                    the handshake fails with {@link InvalidHandshakeException}; default none
 * @param customHeaders               extra headers on the upgrade request; default none
 * @param cookies                     cookies to send on the upgrade request; default none
 * @param readTimeout                 how long a read waits for a message before {@link ReadTimeoutException} (the
 *                                    connection stays usable); {@link Duration#ZERO} (the default) waits forever
 * @param writeTimeout                how long a write may take before {@link WriteTimeoutException} (the connection
 *                                    then closes with 1008: part of the message may be on the wire);
 *                                    {@link Duration#ZERO} (the default) waits forever
 * @param handShakeTimeout            how long connecting and the opening handshake may take before
 *                                    {@link HandshakeTimeoutException}; default 300 s; it does not apply later
 * @param maxFrameSize                largest inbound frame payload (larger: close 1009 and the read fails with
 *                                    {@link PayloadTooLargeException}); outbound messages longer are fragmented;
 *                                    default 65536; 0 or less means the default
 * @param maxMessageSize              largest inbound message after its fragments are joined; default 1 MiB; 0 or less
 *                                    means the default
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

    public ClientConfiguration {
        subProtocols = List.copyOf(Objects.requireNonNull(subProtocols, "subProtocols must not be null"));
        for (String protocol : subProtocols) {
            if (protocol.isBlank() || protocol.contains(",") || protocol.contains(" ")) {
                throw new IllegalArgumentException("subProtocols entries must be tokens, was '" + protocol + "'");
            }
        }
        customHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(customHeaders, "customHeaders must not be null")));
        cookies = List.copyOf(Objects.requireNonNull(cookies, "cookies must not be null"));
        readTimeout = notNegative(readTimeout, "readTimeout");
        writeTimeout = notNegative(writeTimeout, "writeTimeout");
        Objects.requireNonNull(handShakeTimeout, "handShakeTimeout must not be null");
        if (handShakeTimeout.isNegative() || handShakeTimeout.isZero()) {
            handShakeTimeout = Duration.ofSeconds(300);
        }
        if (maxFrameSize <= 0) {
            maxFrameSize = WsServiceConfig.DEFAULT_MAX_FRAME_SIZE;
        }
        if (maxMessageSize <= 0) {
            maxMessageSize = WsServiceConfig.DEFAULT_MAX_MESSAGE_SIZE;
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

    private static Duration notNegative(Duration value, String field) {
        Objects.requireNonNull(value, field + " must not be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " cannot be negative (Duration.ZERO means no timeout), was "
                    + value);
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().subProtocols(subProtocols).customHeaders(customHeaders).cookies(cookies)
                .readTimeout(readTimeout).writeTimeout(writeTimeout).handShakeTimeout(handShakeTimeout)
                .maxFrameSize(maxFrameSize).maxMessageSize(maxMessageSize)
                .webSocketCompressionEnabled(webSocketCompressionEnabled).pingPongHandler(pingPongHandler)
                .retryConfig(retryConfig).validation(validation).inboundQueueCapacity(inboundQueueCapacity)
                .codec(codec).auth(auth).secureSocket(secureSocket).pingInterval(pingInterval).pongTimeout(pongTimeout).proxy(proxy)
                .metrics(meterRegistry);
    }

    /** Builds a {@link ClientConfiguration}; not thread-safe. */
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
        private int inboundQueueCapacity = 16;
        private MessageCodec codec = JacksonCodec.DEFAULT;
        private ClientAuthConfig auth;
        private ClientSecureSocket secureSocket;
        private Duration pingInterval = Duration.ZERO;
        private Duration pongTimeout = WsServiceConfig.DEFAULT_PONG_TIMEOUT;
        private ProxyConfig proxy;
        private Object meterRegistry;

        private Builder() {
        }

        public Builder subProtocols(List<String> subProtocols) {
            this.subProtocols = subProtocols;
            return this;
        }

        public Builder subProtocols(String... subProtocols) {
            return subProtocols(List.of(subProtocols));
        }

        public Builder customHeaders(Map<String, String> customHeaders) {
            this.customHeaders = customHeaders;
            return this;
        }

        public Builder cookies(List<HttpCookie> cookies) {
            this.cookies = cookies;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        public Builder handShakeTimeout(Duration handShakeTimeout) {
            this.handShakeTimeout = handShakeTimeout;
            return this;
        }

        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        public Builder webSocketCompressionEnabled(boolean enabled) {
            this.webSocketCompressionEnabled = enabled;
            return this;
        }

        public Builder pingPongHandler(PingPongService pingPongHandler) {
            this.pingPongHandler = pingPongHandler;
            return this;
        }

        public Builder retryConfig(RetryConfig retryConfig) {
            this.retryConfig = retryConfig;
            return this;
        }

        public Builder validation(boolean validation) {
            this.validation = validation;
            return this;
        }

        public Builder inboundQueueCapacity(int inboundQueueCapacity) {
            this.inboundQueueCapacity = inboundQueueCapacity;
            return this;
        }

        public Builder codec(MessageCodec codec) {
            this.codec = codec;
            return this;
        }

        public Builder auth(ClientAuthConfig auth) {
            this.auth = auth;
            return this;
        }

        public Builder secureSocket(ClientSecureSocket secureSocket) {
            this.secureSocket = secureSocket;
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder pongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
            return this;
        }

        public Builder proxy(ProxyConfig proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Publishes metrics to a Micrometer {@code MeterRegistry} ({@code null} for none). */
        public Builder metrics(Object meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** @throws IllegalArgumentException naming the field when a value is invalid */
        public ClientConfiguration build() {
            return new ClientConfiguration(subProtocols, customHeaders, cookies, readTimeout, writeTimeout,
                    handShakeTimeout, maxFrameSize, maxMessageSize, webSocketCompressionEnabled, pingPongHandler,
                    retryConfig, validation, inboundQueueCapacity, codec, auth, secureSocket, pingInterval, pongTimeout, proxy,
                    meterRegistry);
        }
    }
}
