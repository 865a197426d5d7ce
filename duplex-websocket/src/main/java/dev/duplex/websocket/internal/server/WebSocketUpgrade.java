package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.connection.ConnectionHandler;
import dev.duplex.websocket.internal.connection.ConnectionSettings;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import dev.duplex.websocket.internal.dispatch.ServiceDispatcher;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import dev.duplex.websocket.internal.protocol.MessageDeflater;
import dev.duplex.websocket.internal.protocol.MessageInflater;
import dev.duplex.websocket.internal.protocol.PerMessageDeflate;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Turns an accepted HTTP connection into a WebSocket connection: sends the 101, swaps the HTTP handlers for the
 * WebSocket ones and opens the connection. Bytes that arrived after the request are handed to the new handlers.
 */
final class WebSocketUpgrade {
    static final String TLS = "tls";
    static final String HTTP_DECODER = "http-decoder";
    static final String HTTP_ENCODER = "http-encoder";
    static final String HTTP_IDLE = "http-idle";
    static final String HTTP_HEAD_DEADLINE = "http-head-deadline";
    static final String HTTP_HANDLER = "http-upgrade";
    static final String WS_IDLE = "ws-idle";
    static final String WS_FLUSH = "ws-flush";
    static final String WS_HANDLER = "ws";

    private WebSocketUpgrade() {
    }

    /** On the event loop. */
    static void complete(ChannelHandlerContext ctx, ChannelHandler httpHandler, FullHttpResponse response,
                         AcceptedChannel accepted, RouteTable.Route route, DefaultUpgradeRequest request,
                         Service service, ServiceModel model, String subProtocol, boolean secure,
                         PerMessageDeflate.Agreement deflate) {
        var channel = ctx.channel();
        ChannelPipeline pipeline = ctx.pipeline();
        WsServiceConfig config = route.config();
        ListenerRuntime listener = accepted.runtime();
        var settings = new ConnectionSettings(SaturatingDurations.capped(config.connectionClosureTimeout()),
                SaturatingDurations.capped(config.writeTimeout()),
                "WsServiceConfig.writeTimeout", false);
        var writer = new FrameWriter(channel.alloc(), false, config.maxFrameSize());
        var connection = new WebSocketConnection(channel, writer, settings, subProtocol, secure);
        connection.measuredBy(listener.metrics());
        // The service's outbound buffer bound: writers wait above it, until it drains below half (one water mark for
        // all the service's connections).
        channel.config().setWriteBufferWaterMark(route.shared().waterMark());
        if (deflate != null) {
            writer.compressWith(new MessageDeflater(deflate.serverNoContextTakeover(), deflate.serverMaxWindowBits(),
                    config.compressionThreshold()));
        }
        MessageBinder binder = route.shared().binder();
        var caller = ConnectionCaller.server(connection, request, binder);
        var dispatcher = new ServiceDispatcher(service, model, caller, connection, config, binder);
        var handler = new ConnectionHandler(connection, dispatcher, true,
                config.maxFrameSize(), "WsServiceConfig.maxFrameSize",
                config.maxMessageSize(), "WsServiceConfig.maxMessageSize");
        if (deflate != null) {
            handler.inflateWith(new MessageInflater(deflate.clientNoContextTakeover()));
        }
        if (!config.pingInterval().isZero()) {
            handler.keepAlive(SaturatingDurations.capped(config.pingInterval()),
                    SaturatingDurations.capped(config.pongTimeout()));
        }
        // Registered before the 101 leaves, so a stop that begins once the peer has its 101 finds the connection.
        listener.register(accepted, connection, caller, request.servicePath());
        ctx.writeAndFlush(response);
        pipeline.remove(HTTP_ENCODER);
        if (pipeline.get(HTTP_IDLE) != null) {
            pipeline.remove(HTTP_IDLE);
        }
        if (pipeline.get(HTTP_HEAD_DEADLINE) != null) {
            pipeline.remove(HTTP_HEAD_DEADLINE);
        }
        if (!config.idleTimeout().isZero()) {
            pipeline.addLast(WS_IDLE, new IdleStateHandler(0, 0, SaturatingDurations.toNanos(config.idleTimeout()),
                    TimeUnit.NANOSECONDS));
        }
        dispatcher.readsFrom(handler);
        // Every send flushes. Sends made while a read batch is handled (event-loop dispatch, pongs, close echoes)
        // are flushed once when the batch ends: one write to the socket instead of a system call per message
        // (measured in docs/performance.md). Flushes from workers pass at once: deferring them cost latency.
        pipeline.addLast(WS_FLUSH, new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
        pipeline.addLast(WS_HANDLER, handler);
        pipeline.remove(httpHandler);
        pipeline.remove(HTTP_DECODER);
        channel.config().setAutoRead(true);
        channel.read();
    }
}
