package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.connection.ConnectionHandler;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.dispatch.ServiceDispatcher;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.protocol.FrameWriter;
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
    static final String HTTP_DECODER = "http-decoder";
    static final String HTTP_ENCODER = "http-encoder";
    static final String HTTP_IDLE = "http-idle";
    static final String HTTP_HANDLER = "http-upgrade";
    static final String WS_IDLE = "ws-idle";
    static final String WS_FLUSH = "ws-flush";
    static final String WS_HANDLER = "ws";

    private WebSocketUpgrade() {
    }

    /** On the event loop. */
    static void complete(ChannelHandlerContext ctx, ChannelHandler httpHandler, FullHttpResponse response,
                         ListenerRuntime listener, WsServiceConfig config, DefaultUpgradeRequest request,
                         Service service, ServiceModel model, String subProtocol, boolean secure) {
        var channel = ctx.channel();
        ChannelPipeline pipeline = ctx.pipeline();
        ctx.writeAndFlush(response);
        pipeline.remove(HTTP_ENCODER);
        if (pipeline.get(HTTP_IDLE) != null) {
            pipeline.remove(HTTP_IDLE);
        }

        var connection = new WebSocketConnection(channel, new FrameWriter(channel.alloc(), false,
                config.maxFrameSize()), config.connectionClosureTimeout(), config.writeTimeout(),
                "WsServiceConfig.writeTimeout", subProtocol, secure);
        var caller = new ServerCaller(connection, request);
        var dispatcher = new ServiceDispatcher(service, model, caller, connection, config.dispatchMode(),
                config.inboundQueueCapacity());
        var handler = new ConnectionHandler(connection, dispatcher, true,
                config.maxFrameSize(), "WsServiceConfig.maxFrameSize",
                config.maxMessageSize(), "WsServiceConfig.maxMessageSize");
        listener.register(connection);
        if (!config.idleTimeout().isZero()) {
            pipeline.addLast(WS_IDLE, new IdleStateHandler(0, 0, config.idleTimeout().toNanos(),
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
