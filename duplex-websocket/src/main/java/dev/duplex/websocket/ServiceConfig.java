package dev.duplex.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Constant service settings, placed on an {@link UpgradeService} class (spec §3.1.1,
 * {@code @websocket:ServiceConfig}). A {@link WsServiceConfig} passed to {@link Listener#attach} takes the
 * place of this annotation; use it for values that are computed or secret. Durations are in seconds, as in
 * the spec. See {@link WsServiceConfig} for each field's meaning.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ServiceConfig {
    /** Sub-protocols the service accepts, in order of preference; {@code "*"} accepts any. */
    String[] subProtocols() default {};

    /** Seconds without traffic before {@code onIdleTimeout}; 0 disables. */
    double idleTimeout() default 0;

    /** Largest inbound frame payload in bytes; 0 or less means 65536. */
    int maxFrameSize() default WsServiceConfig.DEFAULT_MAX_FRAME_SIZE;

    /** Largest aggregated inbound message in bytes; 0 or less means the default, 1 MiB. */
    int maxMessageSize() default WsServiceConfig.DEFAULT_MAX_MESSAGE_SIZE;

    /** Seconds to wait for the peer's close frame; -1 waits forever. */
    double connectionClosureTimeout() default 60;

    /** Whether bound values are validated with Jakarta Bean Validation when it is on the class path. */
    boolean validation() default true;

    /** JSON field whose value selects a custom remote method; empty for none. */
    String dispatcherKey() default "";

    /** JSON field that correlates requests and replies; empty for none. Requires {@link #dispatcherKey()}. */
    String dispatcherStreamId() default "";

    /** Where the service's methods run. */
    DispatchMode dispatchMode() default DispatchMode.WORKER;

    /** Whether this service agrees to permessage-deflate. */
    boolean compression() default true;

    /** Outbound messages shorter than this many bytes go uncompressed. */
    int compressionThreshold() default WsServiceConfig.DEFAULT_COMPRESSION_THRESHOLD;

    /** Browser origins ({@code scheme://host[:port]}) that may connect besides the server's own. */
    String[] allowedOrigins() default {};

    /** Seconds between keep-alive pings; 0 sends none. */
    double pingInterval() default 0;

    /** Seconds a keep-alive ping waits for any frame before the connection is dropped. */
    double pongTimeout() default 30;
}
