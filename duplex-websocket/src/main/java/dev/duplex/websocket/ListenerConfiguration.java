package dev.duplex.websocket;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Listener} binds and treats the HTTP phase before the upgrade (spec §2.1).
 * Immutable; build one with {@link #builder()}. Every default is the spec's.
 *
 * @param host                        address to bind; default {@code "0.0.0.0"}
 * @param http1Settings               HTTP/1.x settings; default {@link Http1Settings#DEFAULT}
 * @param timeout                     how long a connection may stay silent during the HTTP phase before it is
 *                                    dropped; default 120 s; {@link Duration#ZERO} disables it
 * @param server                      value of the {@code Server} header on HTTP responses, or {@code null} (the
 *                                    default) for none
 * @param webSocketCompressionEnabled whether permessage-deflate may be negotiated; default {@code true}
 * @param requestLimits               limits on the upgrade request; default {@link RequestLimits#DEFAULT}
 * @param secureSocket                TLS ({@code wss://}), or {@code null} (the default) for plain {@code ws://}; its
 *                                    files are read when the {@link Listener} is constructed
 * @param maxConnections              how many WebSocket connections may be open at once; an upgrade beyond that gets
 *                                    503 (with {@code Retry-After}); 0 (the default) for no limit
 * @param meterRegistry               a Micrometer {@code io.micrometer.core.instrument.MeterRegistry} that receives
 *                                    the listener's metrics (see {@code docs/compression-and-limits.md}), or
 *                                    {@code null} (the default) for none; typed {@code Object} so that Micrometer
 *                                    stays optional: only a listener given a registry needs it on the class path
 */
public record ListenerConfiguration(
        String host,
        Http1Settings http1Settings,
        Duration timeout,
        String server,
        boolean webSocketCompressionEnabled,
        RequestLimits requestLimits,
        ListenerSecureSocket secureSocket,
        int maxConnections,
        Object meterRegistry) {

    /** The spec's defaults. */
    public static final ListenerConfiguration DEFAULT = builder().build();

    public ListenerConfiguration {
        Objects.requireNonNull(host, "host must not be null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        Objects.requireNonNull(http1Settings, "http1Settings must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout cannot be negative (use Duration.ZERO to disable it), was "
                    + timeout);
        }
        Objects.requireNonNull(requestLimits, "requestLimits must not be null");
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections cannot be negative (0 means no limit), was "
                    + maxConnections);
        }
        dev.duplex.websocket.internal.metrics.WebSocketMetrics.checkRegistry(meterRegistry,
                "ListenerConfiguration.meterRegistry");
    }

    /** A builder holding the spec's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        return new Builder().host(host).http1Settings(http1Settings).timeout(timeout).server(server)
                .webSocketCompressionEnabled(webSocketCompressionEnabled).requestLimits(requestLimits)
                .secureSocket(secureSocket).maxConnections(maxConnections).metrics(meterRegistry);
    }

    /** Builds a {@link ListenerConfiguration}; not thread-safe. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private Http1Settings http1Settings = Http1Settings.DEFAULT;
        private Duration timeout = Duration.ofSeconds(120);
        private String server;
        private boolean webSocketCompressionEnabled = true;
        private RequestLimits requestLimits = RequestLimits.DEFAULT;
        private ListenerSecureSocket secureSocket;
        private int maxConnections;
        private Object meterRegistry;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder http1Settings(Http1Settings http1Settings) {
            this.http1Settings = http1Settings;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder server(String server) {
            this.server = server;
            return this;
        }

        public Builder webSocketCompressionEnabled(boolean enabled) {
            this.webSocketCompressionEnabled = enabled;
            return this;
        }

        public Builder requestLimits(RequestLimits requestLimits) {
            this.requestLimits = requestLimits;
            return this;
        }

        public Builder secureSocket(ListenerSecureSocket secureSocket) {
            this.secureSocket = secureSocket;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Publishes metrics to a Micrometer {@code MeterRegistry} ({@code null} for none).
         *
         * @throws IllegalArgumentException (from {@link #build()}) when it is not a {@code MeterRegistry}, or when
         *                                  Micrometer is not on the class path
         */
        public Builder metrics(Object meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** @throws IllegalArgumentException naming the field when a value is invalid */
        public ListenerConfiguration build() {
            return new ListenerConfiguration(host, http1Settings, timeout, server, webSocketCompressionEnabled,
                    requestLimits, secureSocket, maxConnections, meterRegistry);
        }
    }
}
