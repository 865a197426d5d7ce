package dev.duplex.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one attached service (spec §3.1.1, {@code WSServiceConfig}), with the spec's defaults and the
 * limits the spec leaves out. Immutable; build one with {@link #builder()}, or let {@link #from(ServiceConfig)} read
 * an annotation. Checked when built, never on the first connection; {@code toString()} shows every value.
 *
 * <p>Thread safety: immutable (the {@link Builder} is not thread-safe).
 *
 * @param subProtocols             sub-protocols the service accepts; the first entry of the client's list that
 *                                 appears here is chosen; {@code "*"} accepts any; default none
 * @param idleTimeout              how long a connection may stay without traffic in either direction before
 *                                 {@code onIdleTimeout} is called (the connection stays open unless that method
 *                                 closes it); {@link Duration#ZERO} (the default) disables it
 * @param maxFrameSize             largest inbound frame payload in bytes; larger frames close the connection with
 *                                 1009; outbound messages longer than this are fragmented; default 65536; at
 *                                 least 1
 * @param maxMessageSize           largest inbound message after its fragments are joined; larger messages close
 *                                 the connection with 1009; default 1 MiB; at least 1
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

    /**
     * Checks and normalises every value; prefer {@link #builder()}, which fills in the defaults. An invalid value is
     * refused with a message naming the setting and the value, never replaced by a default. The allowed origins are
     * trimmed, their scheme and host put in lower case and a scheme's default port left out.
     *
     * @param subProtocols             see {@link #subProtocols()}
     * @param idleTimeout              see {@link #idleTimeout()}
     * @param maxFrameSize             see {@link #maxFrameSize()}
     * @param maxMessageSize           see {@link #maxMessageSize()}
     * @param connectionClosureTimeout see {@link #connectionClosureTimeout()}
     * @param validation               see {@link #validation()}
     * @param dispatcherKey            see {@link #dispatcherKey()}
     * @param dispatcherStreamId       see {@link #dispatcherStreamId()}
     * @param dispatchMode             see {@link #dispatchMode()}
     * @param inboundQueueCapacity     see {@link #inboundQueueCapacity()}
     * @param writeTimeout             see {@link #writeTimeout()}
     * @param codec                    see {@link #codec()}
     * @param compression              see {@link #compression()}
     * @param compressionThreshold     see {@link #compressionThreshold()}
     * @param auth                     see {@link #auth()}
     * @param allowedOrigins           see {@link #allowedOrigins()}
     * @param pingInterval             see {@link #pingInterval()}
     * @param pongTimeout              see {@link #pongTimeout()}
     * @param writeBufferSize          see {@link #writeBufferSize()}
     * @throws NullPointerException     naming the field: when a list or an entry of {@code subProtocols}, a duration,
     *                                  {@code dispatchMode} or {@code codec} is {@code null}
     * @throws IllegalArgumentException naming the field: a {@code maxFrameSize} or {@code maxMessageSize} under 1, a
     *                                  blank sub-protocol, {@code dispatcherKey} or {@code dispatcherStreamId}
     *                                  ({@code null} means none), a negative {@code idleTimeout} or
     *                                  {@code pingInterval}, a
     *                                  negative {@code connectionClosureTimeout} other than -1 s, a
     *                                  {@code dispatcherStreamId} without {@code dispatcherKey}, an
     *                                  {@code inboundQueueCapacity} under 1, a {@code writeTimeout} or
     *                                  {@code pongTimeout} that is not positive, a negative
     *                                  {@code compressionThreshold}, a {@code writeBufferSize} under 1024, or a
     *                                  malformed origin
     */
    public WsServiceConfig {
        subProtocols = SubProtocolList.checked(subProtocols, "WsServiceConfig.subProtocols");
        Objects.requireNonNull(idleTimeout, "idleTimeout must not be null");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout cannot be negative (Duration.ZERO disables it), was "
                    + idleTimeout);
        }
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("WsServiceConfig.maxFrameSize must be at least 1 byte, was "
                    + maxFrameSize);
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("WsServiceConfig.maxMessageSize must be at least 1 byte, was "
                    + maxMessageSize);
        }
        Objects.requireNonNull(connectionClosureTimeout, "connectionClosureTimeout must not be null");
        if (connectionClosureTimeout.isNegative() && !connectionClosureTimeout.equals(WAIT_FOREVER)) {
            throw new IllegalArgumentException("connectionClosureTimeout must be -1 s (wait forever) or at least 0,"
                    + " was " + connectionClosureTimeout);
        }
        if (dispatcherKey != null && dispatcherKey.isBlank()) {
            throw new IllegalArgumentException("WsServiceConfig.dispatcherKey must not be blank (null for none), was '"
                    + dispatcherKey + "'");
        }
        if (dispatcherStreamId != null && dispatcherStreamId.isBlank()) {
            throw new IllegalArgumentException("WsServiceConfig.dispatcherStreamId must not be blank (null for none),"
                    + " was '" + dispatcherStreamId + "'");
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

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration a {@link ServiceConfig} annotation describes: its seconds become durations, and the settings
     * the annotation lacks ({@code codec}, {@code auth}) keep their defaults.
     *
     * @param annotation the annotation of an upgrade service or service class
     * @return the configuration
     * @throws IllegalArgumentException when a value is invalid, e.g. a negative number of seconds
     */
    public static WsServiceConfig from(ServiceConfig annotation) {
        return builder()
                .subProtocols(List.of(annotation.subProtocols()))
                .idleTimeout(seconds(annotation.idleTimeout(), "idleTimeout"))
                .maxFrameSize(annotation.maxFrameSize())
                .maxMessageSize(annotation.maxMessageSize())
                .connectionClosureTimeout(annotation.connectionClosureTimeout() == -1
                        ? WAIT_FOREVER : seconds(annotation.connectionClosureTimeout(), "connectionClosureTimeout"))
                .validation(annotation.validation())
                .dispatcherKey(annotation.dispatcherKey().isEmpty() ? null : annotation.dispatcherKey())
                .dispatcherStreamId(annotation.dispatcherStreamId().isEmpty() ? null : annotation.dispatcherStreamId())
                .dispatchMode(annotation.dispatchMode())
                .compression(annotation.compression())
                .compressionThreshold(annotation.compressionThreshold())
                .allowedOrigins(List.of(annotation.allowedOrigins()))
                .pingInterval(seconds(annotation.pingInterval(), "pingInterval"))
                .pongTimeout(seconds(annotation.pongTimeout(), "pongTimeout"))
                .inboundQueueCapacity(annotation.inboundQueueCapacity())
                .writeTimeout(seconds(annotation.writeTimeout(), "writeTimeout"))
                .writeBufferSize(annotation.writeBufferSize())
                .build();
    }

    private static Duration seconds(double value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " cannot be negative, was " + value);
        }
        return Duration.ofNanos(Math.round(value * 1_000_000_000d));
    }

    /** {@return a builder starting from this configuration's values, to change a few} */
    public Builder toBuilder() {
        return new Builder().subProtocols(subProtocols).idleTimeout(idleTimeout).maxFrameSize(maxFrameSize)
                .maxMessageSize(maxMessageSize).connectionClosureTimeout(connectionClosureTimeout)
                .validation(validation).dispatcherKey(dispatcherKey).dispatcherStreamId(dispatcherStreamId)
                .dispatchMode(dispatchMode).inboundQueueCapacity(inboundQueueCapacity).writeTimeout(writeTimeout)
                .codec(codec).compression(compression).compressionThreshold(compressionThreshold).auth(auth)
                .allowedOrigins(allowedOrigins).pingInterval(pingInterval).pongTimeout(pongTimeout)
                .writeBufferSize(writeBufferSize);
    }

    /**
     * Builds a {@link WsServiceConfig}; every setter is optional and the values are checked by {@link #build()}.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
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
        private int inboundQueueCapacity = 64;
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

        /**
         * Sets the sub-protocols the service accepts; the first entry of the client's list that appears here is
         * chosen, and {@code "*"} accepts whatever the client offers first. Default none: a client that offers
         * sub-protocols is still accepted, without one.
         *
         * @param subProtocols the accepted sub-protocols; not {@code null}
         * @return this builder
         */
        public Builder subProtocols(List<String> subProtocols) {
            this.subProtocols = subProtocols;
            return this;
        }

        /**
         * Sets the sub-protocols the service accepts; see {@link #subProtocols(List)}.
         *
         * @param subProtocols the accepted sub-protocols; no {@code null} entries
         * @return this builder
         */
        public Builder subProtocols(String... subProtocols) {
            return subProtocols(subProtocols == null ? null : java.util.Arrays.asList(subProtocols));
        }

        /**
         * Sets how long a connection may go without traffic before {@code onIdleTimeout} is called; default
         * {@link Duration#ZERO}, disabled.
         *
         * @param idleTimeout the idle time; {@link Duration#ZERO} disables it; not negative
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Sets the largest inbound frame payload; default {@link #DEFAULT_MAX_FRAME_SIZE} (65536 bytes).
         *
         * @param maxFrameSize bytes; 0 or less means the default
         * @return this builder
         */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * Sets the largest inbound message after its fragments are joined; default {@link #DEFAULT_MAX_MESSAGE_SIZE}
         * (1 MiB).
         *
         * @param maxMessageSize bytes; 0 or less means the default
         * @return this builder
         */
        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /**
         * Sets how long a close waits for the peer's close frame; default 60 s.
         *
         * @param connectionClosureTimeout the wait; {@link Duration#ZERO} does not wait, {@link #WAIT_FOREVER}
         *                                 waits forever; no other negative value
         * @return this builder
         */
        public Builder connectionClosureTimeout(Duration connectionClosureTimeout) {
            this.connectionClosureTimeout = connectionClosureTimeout;
            return this;
        }

        /**
         * Sets whether bound values are validated with Jakarta Bean Validation (when a provider is on the class
         * path); default {@code true}.
         *
         * @param validation {@code false} skips validation
         * @return this builder
         */
        public Builder validation(boolean validation) {
            this.validation = validation;
            return this;
        }

        /**
         * Sets the JSON field whose value selects a custom remote method (spec §3.2.2); default none.
         *
         * @param dispatcherKey the field name, or {@code null} (or blank) for none
         * @return this builder
         */
        public Builder dispatcherKey(String dispatcherKey) {
            this.dispatcherKey = dispatcherKey;
            return this;
        }

        /**
         * Sets the JSON field that correlates requests with replies; requires a {@code dispatcherKey}. Default none.
         *
         * @param dispatcherStreamId the field name, or {@code null} (or blank) for none
         * @return this builder
         */
        public Builder dispatcherStreamId(String dispatcherStreamId) {
            this.dispatcherStreamId = dispatcherStreamId;
            return this;
        }

        /**
         * Sets where the service's methods run; default {@link DispatchMode#WORKER}.
         *
         * @param dispatchMode the mode; not {@code null}
         * @return this builder
         */
        public Builder dispatchMode(DispatchMode dispatchMode) {
            this.dispatchMode = dispatchMode;
            return this;
        }

        /**
         * Sets how many received messages may wait for the service before the listener stops reading from the
         * socket (the peer then sees backpressure); default 16.
         *
         * @param inboundQueueCapacity messages; at least 1
         * @return this builder
         */
        public Builder inboundQueueCapacity(int inboundQueueCapacity) {
            this.inboundQueueCapacity = inboundQueueCapacity;
            return this;
        }

        /**
         * Sets how long a write waits for a slow peer to drain the outbound buffer before it fails with
         * {@link WriteTimeoutException} and the connection closes with 1008; default 60 s.
         *
         * @param writeTimeout the wait; positive
         * @return this builder
         */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        /**
         * Sets the codec for data binding; default {@link JacksonCodec#DEFAULT}.
         *
         * @param codec the codec; not {@code null}
         * @return this builder
         */
        public Builder codec(MessageCodec codec) {
            this.codec = codec;
            return this;
        }

        /**
         * Sets whether this service agrees to permessage-deflate when the listener allows it and the client offers
         * it; default {@code true}.
         *
         * @param compression {@code false} refuses compression for this service
         * @return this builder
         */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /**
         * Sets the size under which outbound messages go uncompressed; default
         * {@link #DEFAULT_COMPRESSION_THRESHOLD} (256 bytes).
         *
         * @param compressionThreshold bytes; not negative; 0 compresses every message
         * @return this builder
         */
        public Builder compressionThreshold(int compressionThreshold) {
            this.compressionThreshold = compressionThreshold;
            return this;
        }

        /**
         * Sets how upgrade requests authenticate, tried in order (spec §5.2); default none: everyone gets in.
         *
         * @param auth the entries; not {@code null}
         * @return this builder
         */
        public Builder auth(List<ListenerAuthConfig> auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Sets how upgrade requests authenticate; see {@link #auth(List)}.
         *
         * @param auth the entries, tried in order; no {@code null} entries
         * @return this builder
         */
        public Builder auth(ListenerAuthConfig... auth) {
            return auth(List.of(auth));
        }

        /**
         * Sets the browser origins that may connect besides the server's own; default none: same-origin only.
         * Requests without an {@code Origin} header always pass.
         *
         * @param allowedOrigins origins as {@code scheme://host[:port]}, {@code "*"} for any or {@code "null"} for
         *                       opaque ones; not {@code null}
         * @return this builder
         */
        public Builder allowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        /**
         * Sets the browser origins that may connect; see {@link #allowedOrigins(List)}.
         *
         * @param allowedOrigins origins as {@code scheme://host[:port]}; no {@code null} entries
         * @return this builder
         */
        public Builder allowedOrigins(String... allowedOrigins) {
            return allowedOrigins(List.of(allowedOrigins));
        }

        /**
         * Sets how often the listener pings the peer to check it is alive; default {@link Duration#ZERO}, no
         * keep-alive pings.
         *
         * @param pingInterval the interval; {@link Duration#ZERO} disables keep-alive pings; not negative
         * @return this builder
         */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        /**
         * Sets how long after a keep-alive ping some frame must arrive before the TCP connection is dropped
         * ({@code onClose} gets 1006); default {@link #DEFAULT_PONG_TIMEOUT} (30 s). Used only with a
         * {@code pingInterval}.
         *
         * @param pongTimeout the wait; positive
         * @return this builder
         */
        public Builder pongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
            return this;
        }

        /**
         * Sets how many bytes may wait in a connection's outbound buffer before writers wait; default
         * {@link #DEFAULT_WRITE_BUFFER_SIZE} (64 KiB).
         *
         * @param writeBufferSize bytes; at least 1024
         * @return this builder
         */
        public Builder writeBufferSize(int writeBufferSize) {
            this.writeBufferSize = writeBufferSize;
            return this;
        }

        /**
         * Builds the configuration, checking every value.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the field when a value is invalid
         * @throws NullPointerException     naming the field when a required value was set to {@code null}
         */
        public WsServiceConfig build() {
            return new WsServiceConfig(subProtocols, idleTimeout, maxFrameSize, maxMessageSize,
                    connectionClosureTimeout, validation, dispatcherKey, dispatcherStreamId, dispatchMode,
                    inboundQueueCapacity, writeTimeout, codec, compression, compressionThreshold, auth, allowedOrigins,
                    pingInterval, pongTimeout, writeBufferSize);
        }
    }
}
