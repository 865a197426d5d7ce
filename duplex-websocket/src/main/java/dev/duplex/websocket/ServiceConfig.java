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
 * the spec. See {@link WsServiceConfig} for each field's meaning; the settings the annotation lacks, objects made in
 * code ({@code auth}, {@code codec}), are set with a {@code WsServiceConfig}. The values are checked by {@link Listener#attach(String, UpgradeService)}.
 *
 * <p>On a {@link Service} class of a push client ({@link Client#connect}) it sets the dispatch options.
 *
 * <p>Thread safety: an annotation; immutable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ServiceConfig {
    /** {@return the sub-protocols the service accepts; {@code "*"} accepts any; default none} */
    String[] subProtocols() default {};

    /** {@return the seconds without traffic before {@code onIdleTimeout}; 0 (the default) disables it} */
    double idleTimeout() default 0;

    /** {@return the largest inbound frame payload in bytes, at least 1; default 65536} */
    int maxFrameSize() default WsServiceConfig.DEFAULT_MAX_FRAME_SIZE;

    /** {@return the largest aggregated inbound message in bytes, at least 1; default 1 MiB} */
    int maxMessageSize() default WsServiceConfig.DEFAULT_MAX_MESSAGE_SIZE;

    /** {@return the seconds to wait for the peer's close frame; default 60; -1 waits forever} */
    double connectionClosureTimeout() default 60;

    /**
     * {@return whether bound values are validated with Jakarta Bean Validation when it is on the class path; default
     * {@code true}}
     */
    boolean validation() default true;

    /** {@return the JSON field whose value selects a custom remote method; empty (the default) for none} */
    String dispatcherKey() default "";

    /**
     * {@return the JSON field that correlates requests and replies; empty (the default) for none; requires
     * {@link #dispatcherKey()}}
     */
    String dispatcherStreamId() default "";

    /** {@return where the service's methods run; default {@link DispatchMode#WORKER}} */
    DispatchMode dispatchMode() default DispatchMode.WORKER;

    /** {@return whether this service agrees to permessage-deflate; default {@code true}} */
    boolean compression() default true;

    /** {@return the size in bytes under which outbound messages go uncompressed; default 256} */
    int compressionThreshold() default WsServiceConfig.DEFAULT_COMPRESSION_THRESHOLD;

    /**
     * {@return the browser origins ({@code scheme://host[:port]}) that may connect besides the server's own; default
     * none}
     */
    String[] allowedOrigins() default {};

    /** {@return the seconds between keep-alive pings; 0 (the default) sends none} */
    double pingInterval() default 0;

    /** {@return the seconds a keep-alive ping waits for any frame before the connection is dropped; default 30} */
    double pongTimeout() default 30;

    /**
     * {@return how many received messages may wait for the service before the listener stops reading the socket, at
     * least 1; default 16}
     */
    int inboundQueueCapacity() default 64;

    /** {@return the seconds a write waits for a slow peer before {@link WriteTimeoutException}; default 60} */
    double writeTimeout() default 60;

    /**
     * {@return the bytes that may wait in the outbound buffer before writers wait, at least 1024; default 65536}
     */
    int writeBufferSize() default WsServiceConfig.DEFAULT_WRITE_BUFFER_SIZE;
}
