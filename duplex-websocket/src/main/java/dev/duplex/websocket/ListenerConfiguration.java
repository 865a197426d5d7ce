package dev.duplex.websocket;

import dev.duplex.websocket.internal.protocol.HeaderFieldRules;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Listener} binds and treats the HTTP phase before the upgrade (spec §2.1).
 * Immutable; build one with {@link #builder()}. Every default is the spec's; {@code toString()} shows every value.
 *
 * <p>Thread safety: immutable (the {@link Builder} is not thread-safe).
 *
 * @param host                        address to bind; default {@code "0.0.0.0"}
 * @param http1Settings               HTTP/1.x settings; default {@link Http1Settings#DEFAULT}
 * @param timeout                     how long a connection may stay silent during the HTTP phase before it is
 *                                    dropped; default 120 s; {@link Duration#ZERO} disables it
 * @param requestHeadTimeout          how long a client has to send a whole request head (request line and headers),
 *                                    however steadily it sends: counted from the connection's accept for its first
 *                                    request (so a TLS handshake counts too) and from the first byte read after the
 *                                    previous response for a later one; a head not complete by then is answered
 *                                    408 and the connection closed (a TLS handshake not complete by then: closed).
 *                                    Default 60 s, as Node's {@code headersTimeout}; {@link Duration#ZERO} disables
 *                                    it
 * @param server                      value of the {@code Server} header on HTTP responses, or {@code null} (the
 *                                    default) for none; a valid header value (no control character but tab)
 * @param webSocketCompressionEnabled whether permessage-deflate may be negotiated; default {@code true}
 * @param requestLimits               limits on the upgrade request; default {@link RequestLimits#DEFAULT}
 * @param secureSocket                TLS ({@code wss://}), or {@code null} (the default) for plain {@code ws://}; its
 *                                    files are read when the {@link Listener} is constructed
 * @param maxConnections              how many WebSocket connections may be open at once; an upgrade beyond that gets
 *                                    503 (with {@code Retry-After}); 0 (the default) for no limit
 * @param maxPendingUpgrades          how many accepted connections may be in the HTTP phase at once (not yet
 *                                    upgraded: in the TLS handshake, sending a request, waiting for the upgrade
 *                                    service, or kept alive between plain HTTP requests); a connection accepted
 *                                    beyond that is closed at once, before any byte is read or any TLS handshake,
 *                                    so it costs next to nothing. Default 1024; 0 for no limit
 * @param meterRegistry               a Micrometer {@code io.micrometer.core.instrument.MeterRegistry} that receives
 *                                    the listener's metrics (see {@code docs/compression-and-limits.md}), or
 *                                    {@code null} (the default) for none; typed {@code Object} so that Micrometer
 *                                    stays optional: only a listener given a registry needs it on the class path
 * @param broker                      the broker that carries {@link Listener#groups()} across nodes, or {@code null}
 *                                    (the default) for groups in this process only; the listener starts it when it
 *                                    starts and closes it when it stops
 * @param nodeId                      this node's id in the cluster, or {@code null} (the default) for a random unique
 *                                    one; must be unique among the nodes sharing a broker
 */
public record ListenerConfiguration(
        String host,
        Http1Settings http1Settings,
        Duration timeout,
        Duration requestHeadTimeout,
        String server,
        boolean webSocketCompressionEnabled,
        RequestLimits requestLimits,
        ListenerSecureSocket secureSocket,
        int maxConnections,
        int maxPendingUpgrades,
        Object meterRegistry,
        dev.duplex.websocket.cluster.Broker broker,
        String nodeId) {

    /** The spec's defaults. */
    public static final ListenerConfiguration DEFAULT = builder().build();

    /**
     * Checks every value; prefer {@link #builder()}, which fills in the defaults.
     *
     * @param host                        see {@link #host()}
     * @param http1Settings               see {@link #http1Settings()}
     * @param timeout                     see {@link #timeout()}
     * @param requestHeadTimeout          see {@link #requestHeadTimeout()}
     * @param server                      see {@link #server()}
     * @param webSocketCompressionEnabled see {@link #webSocketCompressionEnabled()}
     * @param requestLimits               see {@link #requestLimits()}
     * @param secureSocket                see {@link #secureSocket()}
     * @param maxConnections              see {@link #maxConnections()}
     * @param maxPendingUpgrades          see {@link #maxPendingUpgrades()}
     * @param meterRegistry               see {@link #meterRegistry()}
     * @param broker                      see {@link #broker()}
     * @param nodeId                      see {@link #nodeId()}
     * @throws NullPointerException     when {@code host}, {@code http1Settings}, {@code timeout},
     *                                  {@code requestHeadTimeout} or {@code requestLimits} is {@code null}
     * @throws IllegalArgumentException when {@code host} is blank, {@code timeout}, {@code requestHeadTimeout},
     *                                  {@code maxConnections} or {@code maxPendingUpgrades} is negative,
     *                                  {@code server} is not a valid header value, {@code meterRegistry} is not a
     *                                  Micrometer {@code MeterRegistry} (or Micrometer is not on the class path), or
     *                                  {@code nodeId} is blank
     */
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
        Objects.requireNonNull(requestHeadTimeout, "requestHeadTimeout must not be null");
        if (requestHeadTimeout.isNegative()) {
            throw new IllegalArgumentException("requestHeadTimeout cannot be negative (use Duration.ZERO to disable "
                    + "it), was " + requestHeadTimeout);
        }
        if (server != null) {
            HeaderFieldRules.check("Server", server, "ListenerConfiguration.server");
        }
        Objects.requireNonNull(requestLimits, "requestLimits must not be null");
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections cannot be negative (0 means no limit), was "
                    + maxConnections);
        }
        if (maxPendingUpgrades < 0) {
            throw new IllegalArgumentException("maxPendingUpgrades cannot be negative (0 means no limit), was "
                    + maxPendingUpgrades);
        }
        dev.duplex.websocket.internal.metrics.WebSocketMetrics.checkRegistry(meterRegistry,
                "ListenerConfiguration.meterRegistry");
        if (nodeId != null && nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId cannot be blank (null for a random one)");
        }
    }

    /** {@return a builder holding the spec's defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from this configuration's values, to change a few} */
    public Builder toBuilder() {
        return new Builder().host(host).http1Settings(http1Settings).timeout(timeout)
                .requestHeadTimeout(requestHeadTimeout).server(server)
                .webSocketCompressionEnabled(webSocketCompressionEnabled).requestLimits(requestLimits)
                .secureSocket(secureSocket).maxConnections(maxConnections).maxPendingUpgrades(maxPendingUpgrades)
                .metrics(meterRegistry).broker(broker).nodeId(nodeId);
    }

    /**
     * Builds a {@link ListenerConfiguration}; every setter is optional and the values are checked by {@link #build()}.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
    public static final class Builder {
        private String host = "0.0.0.0";
        private Http1Settings http1Settings = Http1Settings.DEFAULT;
        private Duration timeout = Duration.ofSeconds(120);
        private Duration requestHeadTimeout = Duration.ofSeconds(60);
        private String server;
        private boolean webSocketCompressionEnabled = true;
        private RequestLimits requestLimits = RequestLimits.DEFAULT;
        private ListenerSecureSocket secureSocket;
        private int maxConnections;
        private int maxPendingUpgrades = 1024;
        private Object meterRegistry;
        private dev.duplex.websocket.cluster.Broker broker;
        private String nodeId;

        private Builder() {
        }

        /**
         * Sets the address to bind; default {@code "0.0.0.0"} (every IPv4 interface).
         *
         * @param host a host name or IP address, e.g. {@code "127.0.0.1"}; not blank
         * @return this builder
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Sets the HTTP/1.x settings; default {@link Http1Settings#DEFAULT}.
         *
         * @param http1Settings keep-alive and pipelining; not {@code null}
         * @return this builder
         */
        public Builder http1Settings(Http1Settings http1Settings) {
            this.http1Settings = http1Settings;
            return this;
        }

        /**
         * Sets how long a connection may stay silent during the HTTP phase before it is dropped; default 120 s.
         *
         * @param timeout the idle limit; {@link Duration#ZERO} disables it; not negative
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets how long a client has to send a whole request head, however steadily it sends (a slow-loris client
         * sending one byte a second is cut off); default 60 s, as Node's {@code headersTimeout}. Counted from the
         * connection's accept for its first request, so a TLS handshake counts too, and from the first byte read
         * after the previous response for a later one. A head not complete in time is answered 408 Request Timeout
         * and the connection closed; a TLS handshake not complete in time: the connection is closed.
         *
         * @param requestHeadTimeout the limit; {@link Duration#ZERO} disables it; not negative
         * @return this builder
         */
        public Builder requestHeadTimeout(Duration requestHeadTimeout) {
            this.requestHeadTimeout = requestHeadTimeout;
            return this;
        }

        /**
         * Sets the {@code Server} header of HTTP responses; default none.
         *
         * @param server the header's value (no control character but tab, not starting with whitespace), or
         *               {@code null} for no header
         * @return this builder
         */
        public Builder server(String server) {
            this.server = server;
            return this;
        }

        /**
         * Sets whether permessage-deflate may be negotiated (each service may still refuse it with
         * {@link WsServiceConfig#compression()}); default {@code true}.
         *
         * @param enabled {@code false} never compresses
         * @return this builder
         */
        public Builder webSocketCompressionEnabled(boolean enabled) {
            this.webSocketCompressionEnabled = enabled;
            return this;
        }

        /**
         * Sets the limits on the upgrade request; default {@link RequestLimits#DEFAULT}.
         *
         * @param requestLimits URI, header and body limits; not {@code null}
         * @return this builder
         */
        public Builder requestLimits(RequestLimits requestLimits) {
            this.requestLimits = requestLimits;
            return this;
        }

        /**
         * Sets TLS, making the listener {@code wss://}; default none (plain {@code ws://}).
         *
         * @param secureSocket the TLS settings, or {@code null} for plain {@code ws://}
         * @return this builder
         */
        public Builder secureSocket(ListenerSecureSocket secureSocket) {
            this.secureSocket = secureSocket;
            return this;
        }

        /**
         * Sets how many WebSocket connections may be open at once; an upgrade beyond that gets 503 with
         * {@code Retry-After}. Default 0: no limit.
         *
         * @param maxConnections the limit, or 0 for none; not negative
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Sets how many accepted connections may be in the HTTP phase at once: not yet upgraded, whether in the TLS
         * handshake, sending a request, waiting for the upgrade service, or kept alive between plain HTTP requests.
         * A connection accepted beyond that is closed at once, before any byte is read or any TLS handshake, so a
         * flood of slow clients costs next to nothing and cannot crowd out the upgraded connections. Default 1024.
         *
         * @param maxPendingUpgrades the limit, or 0 for none; not negative
         * @return this builder
         */
        public Builder maxPendingUpgrades(int maxPendingUpgrades) {
            this.maxPendingUpgrades = maxPendingUpgrades;
            return this;
        }

        /**
         * Publishes the listener's metrics to a Micrometer {@code MeterRegistry}; default none. Sets
         * {@link ListenerConfiguration#meterRegistry()}.
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
         * Sets {@link ListenerConfiguration#broker()}.
         *
         * @param broker the broker, or {@code null} for groups in this process only
         * @return this builder
         */
        public Builder broker(dev.duplex.websocket.cluster.Broker broker) {
            this.broker = broker;
            return this;
        }

        /**
         * Sets {@link ListenerConfiguration#nodeId()}.
         *
         * @param nodeId this node's id, or {@code null} for a random one
         * @return this builder
         */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /**
         * Builds the configuration, checking every value.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the field when a value is invalid
         * @throws NullPointerException     naming the field when a required value was set to {@code null}
         */
        public ListenerConfiguration build() {
            return new ListenerConfiguration(host, http1Settings, timeout, requestHeadTimeout, server,
                    webSocketCompressionEnabled, requestLimits, secureSocket, maxConnections, maxPendingUpgrades,
                    meterRegistry, broker, nodeId);
        }
    }
}
