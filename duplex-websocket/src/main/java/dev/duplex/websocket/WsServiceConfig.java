package dev.duplex.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one attached service (spec §3.1.1, {@code WSServiceConfig}), with the spec's defaults and the
 * limits the spec leaves out. Immutable; build one with {@link #builder()}.
 *
 * @param subProtocols             sub-protocols the service accepts; the first entry of the client's list that
 *                                 appears here is chosen; {@code "*"} accepts any; default none
 * @param idleTimeout              how long a connection may stay without traffic in either direction before
 *                                 {@code onIdleTimeout} is called (the connection stays open unless that method
 *                                 closes it); {@link Duration#ZERO} (the default) disables it
 * @param maxFrameSize             largest inbound frame payload in bytes; larger frames close the connection with
 *                                 1009; outbound messages longer than this are fragmented; default 65536; a value
 *                                 of 0 or less means the default
 * @param maxMessageSize           largest inbound message after its fragments are joined; larger messages close
 *                                 the connection with 1009; default 1 MiB; a value of 0 or less means the default
 * @param connectionClosureTimeout how long a close waits for the peer's close frame before the TCP connection is
 *                                 dropped; default 60 s; {@link #WAIT_FOREVER} (-1 s) waits forever; other
 *                                 negative values are refused
 * @param validation               whether bound values are validated (Jakarta Bean Validation, when present);
 *                                 default {@code true}
 * @param dispatcherKey            JSON field whose value selects a custom remote method, or {@code null}
 * @param dispatcherStreamId       JSON field that correlates requests with replies, or {@code null}; requires
 *                                 {@code dispatcherKey}
 * @param dispatchMode             where the service's methods run; default {@link DispatchMode#WORKER}
 * @param inboundQueueCapacity     how many received messages may wait for the service before the listener stops
 *                                 reading from the socket; default 16
 * @param writeTimeout             how long a write waits for a slow peer to drain the outbound buffer before it
 *                                 fails with {@link WriteTimeoutException}; default 60 s
 * @param codec                    turns messages into values and back for {@code onMessage}, custom methods,
 *                                 returned values and {@code writeMessage}; default {@link JacksonCodec#DEFAULT}
 * @param compression              whether this service agrees to permessage-deflate when the listener's
 *                                 {@code webSocketCompressionEnabled} is on and the client offers it; default
 *                                 {@code true}
 * @param compressionThreshold     outbound messages shorter than this many bytes are sent uncompressed (compressing
 *                                 them costs more than it saves); default 256
 * @param auth                     how upgrade requests authenticate (spec §5.2), tried in order; empty (the default)
 *                                 lets everyone in
 * @param allowedOrigins           browser origins ({@code scheme://host[:port]}, exact) that may connect besides the
 *                                 server's own; a request whose {@code Origin} is neither gets 403 (cross-site
 *                                 WebSocket hijacking). Requests without {@code Origin} (not from a browser) always
 *                                 pass; {@code "*"} admits every origin, {@code "null"} opaque ones. Default empty:
 *                                 same-origin only
 * @param pingInterval             how often to ping the peer to check it is alive; {@link Duration#ZERO} (the default)
 *                                 sends no keep-alive pings
 * @param pongTimeout              with {@code pingInterval} set: how long after a keep-alive ping some frame (its pong
 *                                 or anything else) must arrive; otherwise the TCP connection is dropped and
 *                                 {@code onClose} gets 1006; default 30 s
 * @param writeBufferSize          bytes that may wait in a connection's outbound buffer before writers wait (up to
 *                                 {@code writeTimeout}); they go on once it drains below half; default 65536
 */
public record WsServiceConfig(
        List<String> subProtocols,
        Duration idleTimeout,
        int maxFrameSize,
        int maxMessageSize,
        Duration connectionClosureTimeout,
        boolean validation,
        String dispatcherKey,
        String dispatcherStreamId,
        DispatchMode dispatchMode,
        int inboundQueueCapacity,
        Duration writeTimeout,
        MessageCodec codec,
        boolean compression,
        int compressionThreshold,
        List<ListenerAuthConfig> auth,
        List<String> allowedOrigins,
        Duration pingInterval,
        Duration pongTimeout,
        int writeBufferSize) {

    /** The spec's default frame limit: 65536 bytes. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 65536;
    /** The default message limit: 1 MiB. The reference has none, so a fragmented message could grow forever. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;
    /** Messages shorter than this are sent uncompressed by default: 256 bytes. */
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 256;
    /** The default outbound buffer size: 64 KiB. */
    public static final int DEFAULT_WRITE_BUFFER_SIZE = 64 * 1024;
    /** The default time a keep-alive ping waits for an answer: 30 s. */
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(30);
    /** A closure timeout that waits for the peer's close frame forever. */
    public static final Duration WAIT_FOREVER = Duration.ofSeconds(-1);
    /** The defaults. */
    public static final WsServiceConfig DEFAULT = builder().build();

    public WsServiceConfig {
        subProtocols = List.copyOf(Objects.requireNonNull(subProtocols, "subProtocols must not be null"));
        Objects.requireNonNull(idleTimeout, "idleTimeout must not be null");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout cannot be negative (Duration.ZERO disables it), was "
                    + idleTimeout);
        }
        if (maxFrameSize <= 0) {
            maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        }
        if (maxMessageSize <= 0) {
            maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        }
        Objects.requireNonNull(connectionClosureTimeout, "connectionClosureTimeout must not be null");
        if (connectionClosureTimeout.isNegative() && !connectionClosureTimeout.equals(WAIT_FOREVER)) {
            throw new IllegalArgumentException("connectionClosureTimeout must be -1 s (wait forever) or at least 0,"
                    + " was " + connectionClosureTimeout);
        }
        if (dispatcherKey != null && dispatcherKey.isBlank()) {
            dispatcherKey = null;
        }
        if (dispatcherStreamId != null && dispatcherStreamId.isBlank()) {
            dispatcherStreamId = null;
        }
        if (dispatcherStreamId != null && dispatcherKey == null) {
            throw new IllegalArgumentException("dispatcherStreamId '" + dispatcherStreamId
                    + "' requires dispatcherKey to be set");
        }
        Objects.requireNonNull(dispatchMode, "dispatchMode must not be null");
        if (inboundQueueCapacity < 1) {
            throw new IllegalArgumentException("inboundQueueCapacity must be at least 1, was " + inboundQueueCapacity);
        }
        Objects.requireNonNull(writeTimeout, "writeTimeout must not be null");
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("writeTimeout must be positive, was " + writeTimeout);
        }
        Objects.requireNonNull(codec, "codec must not be null");
        if (compressionThreshold < 0) {
            throw new IllegalArgumentException("compressionThreshold cannot be negative, was " + compressionThreshold);
        }
        auth = List.copyOf(Objects.requireNonNull(auth, "auth must not be null"));
        allowedOrigins = Objects.requireNonNull(allowedOrigins, "allowedOrigins must not be null").stream()
                .map(origin -> dev.duplex.websocket.internal.server.OriginPolicy.canonical(
                        Objects.requireNonNull(origin, "allowedOrigins must not contain null").trim()))
                .distinct().toList();
        Objects.requireNonNull(pingInterval, "pingInterval must not be null");
        if (pingInterval.isNegative()) {
            throw new IllegalArgumentException("pingInterval cannot be negative (Duration.ZERO disables keep-alive"
                    + " pings), was " + pingInterval);
        }
        Objects.requireNonNull(pongTimeout, "pongTimeout must not be null");
        if (pongTimeout.isNegative() || pongTimeout.isZero()) {
            throw new IllegalArgumentException("pongTimeout must be positive, was " + pongTimeout);
        }
        if (writeBufferSize < 1024) {
            throw new IllegalArgumentException("writeBufferSize must be at least 1024 bytes, was " + writeBufferSize);
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration an {@link ServiceConfig} annotation describes. */
    public static WsServiceConfig from(ServiceConfig annotation) {
        return builder()
                .subProtocols(List.of(annotation.subProtocols()))
                .idleTimeout(seconds(annotation.idleTimeout(), "idleTimeout"))
                .maxFrameSize(annotation.maxFrameSize())
                .maxMessageSize(annotation.maxMessageSize())
                .connectionClosureTimeout(annotation.connectionClosureTimeout() == -1
                        ? WAIT_FOREVER : seconds(annotation.connectionClosureTimeout(), "connectionClosureTimeout"))
                .validation(annotation.validation())
                .dispatcherKey(annotation.dispatcherKey())
                .dispatcherStreamId(annotation.dispatcherStreamId())
                .dispatchMode(annotation.dispatchMode())
                .compression(annotation.compression())
                .compressionThreshold(annotation.compressionThreshold())
                .allowedOrigins(List.of(annotation.allowedOrigins()))
                .pingInterval(seconds(annotation.pingInterval(), "pingInterval"))
                .pongTimeout(seconds(annotation.pongTimeout(), "pongTimeout"))
                .build();
    }

    private static Duration seconds(double value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " cannot be negative, was " + value);
        }
        return Duration.ofNanos(Math.round(value * 1_000_000_000d));
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        return new Builder().subProtocols(subProtocols).idleTimeout(idleTimeout).maxFrameSize(maxFrameSize)
                .maxMessageSize(maxMessageSize).connectionClosureTimeout(connectionClosureTimeout)
                .validation(validation).dispatcherKey(dispatcherKey).dispatcherStreamId(dispatcherStreamId)
                .dispatchMode(dispatchMode).inboundQueueCapacity(inboundQueueCapacity).writeTimeout(writeTimeout)
                .codec(codec).compression(compression).compressionThreshold(compressionThreshold).auth(auth)
                .allowedOrigins(allowedOrigins).pingInterval(pingInterval).pongTimeout(pongTimeout)
                .writeBufferSize(writeBufferSize);
    }

    /** Builds a {@link WsServiceConfig}; not thread-safe. */
    public static final class Builder {
        private List<String> subProtocols = List.of();
        private Duration idleTimeout = Duration.ZERO;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration connectionClosureTimeout = Duration.ofSeconds(60);
        private boolean validation = true;
        private String dispatcherKey;
        private String dispatcherStreamId;
        private DispatchMode dispatchMode = DispatchMode.WORKER;
        private int inboundQueueCapacity = 16;
        private Duration writeTimeout = Duration.ofSeconds(60);
        private MessageCodec codec = JacksonCodec.DEFAULT;
        private boolean compression = true;
        private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
        private List<ListenerAuthConfig> auth = List.of();
        private List<String> allowedOrigins = List.of();
        private Duration pingInterval = Duration.ZERO;
        private Duration pongTimeout = DEFAULT_PONG_TIMEOUT;
        private int writeBufferSize = DEFAULT_WRITE_BUFFER_SIZE;

        private Builder() {
        }

        public Builder subProtocols(List<String> subProtocols) {
            this.subProtocols = subProtocols;
            return this;
        }

        public Builder subProtocols(String... subProtocols) {
            return subProtocols(List.of(subProtocols));
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
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

        public Builder connectionClosureTimeout(Duration connectionClosureTimeout) {
            this.connectionClosureTimeout = connectionClosureTimeout;
            return this;
        }

        public Builder validation(boolean validation) {
            this.validation = validation;
            return this;
        }

        public Builder dispatcherKey(String dispatcherKey) {
            this.dispatcherKey = dispatcherKey;
            return this;
        }

        public Builder dispatcherStreamId(String dispatcherStreamId) {
            this.dispatcherStreamId = dispatcherStreamId;
            return this;
        }

        public Builder dispatchMode(DispatchMode dispatchMode) {
            this.dispatchMode = dispatchMode;
            return this;
        }

        public Builder inboundQueueCapacity(int inboundQueueCapacity) {
            this.inboundQueueCapacity = inboundQueueCapacity;
            return this;
        }

        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        public Builder codec(MessageCodec codec) {
            this.codec = codec;
            return this;
        }

        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        public Builder compressionThreshold(int compressionThreshold) {
            this.compressionThreshold = compressionThreshold;
            return this;
        }

        public Builder auth(List<ListenerAuthConfig> auth) {
            this.auth = auth;
            return this;
        }

        public Builder auth(ListenerAuthConfig... auth) {
            return auth(List.of(auth));
        }

        public Builder allowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        public Builder allowedOrigins(String... allowedOrigins) {
            return allowedOrigins(List.of(allowedOrigins));
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder pongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
            return this;
        }

        public Builder writeBufferSize(int writeBufferSize) {
            this.writeBufferSize = writeBufferSize;
            return this;
        }

        /** @throws IllegalArgumentException naming the field when a value is invalid */
        public WsServiceConfig build() {
            return new WsServiceConfig(subProtocols, idleTimeout, maxFrameSize, maxMessageSize,
                    connectionClosureTimeout, validation, dispatcherKey, dispatcherStreamId, dispatchMode,
                    inboundQueueCapacity, writeTimeout, codec, compression, compressionThreshold, auth, allowedOrigins,
                    pingInterval, pongTimeout, writeBufferSize);
        }
    }
}
