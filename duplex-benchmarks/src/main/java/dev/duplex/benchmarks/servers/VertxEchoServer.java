package dev.duplex.benchmarks.servers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Vert.x 5 core (on Netty 4.2, the same Netty as every other server in the jar): an HTTP server whose WebSocket
 * handler echoes whole text messages with {@code writeTextMessage} and whole binary messages with
 * {@code writeBinaryMessage}, as a Vert.x user writes it.
 *
 * <p>Threads: one event loop per available core (so one when the runner pins the server to a core), like
 * {@link NettyEventLoops}; native epoll when Netty's epoll transport loads ({@code preferNativeTransport}), else NIO.
 * Every handler of a connection runs on its event loop; nothing here blocks it. Vert.x's defaults otherwise, which
 * include agreeing to permessage-deflate when a client offers it.
 */
public final class VertxEchoServer implements EchoServer {
    private final Vertx vertx;
    private final HttpServer server;

    private VertxEchoServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static VertxEchoServer start(int port) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors())
                .setPreferNativeTransport(true));
        var options = new HttpServerOptions()
                .setHost(HOST)
                .setPort(port)
                .setTcpNoDelay(true)
                .setMaxWebSocketFrameSize(MAX_MESSAGE_SIZE)
                .setMaxWebSocketMessageSize(MAX_MESSAGE_SIZE);
        HttpServer server = vertx.createHttpServer(options)
                .webSocketHandshakeHandler(VertxEchoServer::acceptOnlyEchoPath)
                .webSocketHandler(VertxEchoServer::echo);
        try {
            await(server.listen());
        } catch (Exception e) {
            await(vertx.close());
            throw e;
        }
        return new VertxEchoServer(vertx, server);
    }

    /** Event loop: the echo lives at {@link #PATH} only, as for the other servers. */
    private static void acceptOnlyEchoPath(ServerWebSocketHandshake handshake) {
        if (PATH.equals(handshake.path())) {
            handshake.accept();
        } else {
            handshake.reject(404);
        }
    }

    /** Event loop of the connection: Vert.x joins fragments into messages before these handlers run. */
    private static void echo(ServerWebSocket webSocket) {
        webSocket.textMessageHandler(webSocket::writeTextMessage);
        webSocket.binaryMessageHandler(webSocket::writeBinaryMessage);
    }

    /** Whether Vert.x runs on native epoll (false: NIO). */
    public boolean nativeTransport() {
        return vertx.isNativeTransportEnabled();
    }

    @Override
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            await(server.close());
        } catch (Exception e) {
            // Stopping Vert.x below closes the server too.
        }
        try {
            await(vertx.close());
        } catch (Exception e) {
            throw new IllegalStateException("Vert.x did not stop", e);
        }
    }

    private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
