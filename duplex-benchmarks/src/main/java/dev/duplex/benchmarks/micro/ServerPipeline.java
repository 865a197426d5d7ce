package dev.duplex.benchmarks.micro;

import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.connection.ConnectionHandler;
import dev.duplex.websocket.internal.connection.ConnectionSettings;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import dev.duplex.websocket.internal.dispatch.ServiceDispatcher;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server connection's WebSocket pipeline on an {@link EmbeddedChannel}: the objects and handlers the listener
 * builds after the 101 ({@code internal/server/WebSocketUpgrade.complete}, mirrored here step by step; keep the two
 * alike), without the HTTP phase and without a socket. {@link #exchange} feeds one read batch of client bytes through
 * the real {@link ConnectionHandler} → {@code ServiceDispatcher} → service method → {@code WebSocketConnection} →
 * {@code FrameWriter} path and returns what the connection wrote, as the event loop would see it: reads handled,
 * then one flush when the batch ends ({@link FlushConsolidationHandler}).
 *
 * <p>The embedded channel's event loop is the calling thread, so this is the {@code DispatchMode.EVENT_LOOP} path;
 * with {@code WORKER} nothing would come back synchronously.
 *
 * <p>Thread safety: not thread-safe; one per benchmark thread.
 */
final class ServerPipeline implements AutoCloseable {
    private final EmbeddedChannel channel;
    private final ChannelPipeline pipeline;

    ServerPipeline(Service service, WsServiceConfig config) {
        channel = new EmbeddedChannel();
        pipeline = channel.pipeline();
        var settings = new ConnectionSettings(config.connectionClosureTimeout(), config.writeTimeout(),
                "WsServiceConfig.writeTimeout", false);
        var writer = new FrameWriter(channel.alloc(), false, config.maxFrameSize());
        var connection = new WebSocketConnection(channel, writer, settings, null, false);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(
                config.writeBufferSize() / 2, config.writeBufferSize()));
        var binder = new MessageBinder(config.codec(), config.validation());
        var caller = ConnectionCaller.server(connection, new BenchmarkRequest(), binder);
        var dispatcher = new ServiceDispatcher(service, ServiceModel.of(service.getClass()), caller, connection,
                config, binder);
        var handler = new ConnectionHandler(connection, dispatcher, true,
                config.maxFrameSize(), "WsServiceConfig.maxFrameSize",
                config.maxMessageSize(), "WsServiceConfig.maxMessageSize");
        if (!config.pingInterval().isZero()) {
            handler.keepAlive(config.pingInterval(), config.pongTimeout());
        }
        if (!config.idleTimeout().isZero()) {
            pipeline.addLast(new IdleStateHandler(0, 0, config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        }
        dispatcher.readsFrom(handler);
        pipeline.addLast(new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
        pipeline.addLast(handler);
    }

    /**
     * One read batch: {@code in} (client frames from its reader index; one reference is taken and released by the
     * connection handler, as for a buffer read from a socket), then the end of the batch. Returns the first buffer
     * the connection wrote, or {@code null}; the caller releases it. Allocates nothing itself.
     */
    ByteBuf exchange(ByteBuf in) {
        pipeline.fireChannelRead(in.retain());
        pipeline.fireChannelReadComplete();
        return channel.readOutbound();
    }

    /** Everything else the connection wrote since the last {@link #exchange}; the caller releases them. */
    ByteBuf nextOutbound() {
        return channel.readOutbound();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }

    /** The upgrade request a caller carries; the benchmarked methods never look at it. */
    private static final class BenchmarkRequest implements UpgradeRequest {
        @Override
        public String path() {
            return "/bench";
        }

        @Override
        public String uri() {
            return "/bench";
        }

        @Override
        public String pathParam(String name) {
            return null;
        }

        @Override
        public Map<String, String> pathParams() {
            return Map.of();
        }

        @Override
        public String queryParam(String name) {
            return null;
        }

        @Override
        public Map<String, List<String>> queryParams() {
            return Map.of();
        }

        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public List<String> headers(String name) {
            return List.of();
        }

        @Override
        public Map<String, List<String>> headers() {
            return Map.of();
        }

        @Override
        public Map<String, String> cookies() {
            return Map.of();
        }

        @Override
        public List<String> subProtocols() {
            return List.of();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 0);
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public void addResponseHeader(String name, String value) {
            throw new UnsupportedOperationException("the benchmark's connection is already open");
        }

        @Override
        public Optional<AuthenticatedPrincipal> principal() {
            return Optional.empty();
        }
    }
}
