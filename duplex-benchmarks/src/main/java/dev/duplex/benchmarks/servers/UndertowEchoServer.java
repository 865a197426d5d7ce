package dev.duplex.benchmarks.servers;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.xnio.Pooled;

/**
 * Undertow 2.3 core (XNIO on Java NIO; XNIO has no native transport): a WebSocket handshake handler at
 * {@link #PATH} whose receive listener echoes whole text messages with {@code WebSockets.sendText} and whole binary
 * messages with {@code WebSockets.sendBinary}, handing Undertow's pooled buffers back and freeing them when the write
 * is done.
 *
 * <p>Threads: one XNIO I/O thread per available core (so one when the runner pins the server to a core), like
 * {@link NettyEventLoops}; the receive listener runs on the connection's I/O thread and never blocks it. Worker
 * threads and every other setting are Undertow's defaults, which do not negotiate permessage-deflate (that takes an
 * explicit {@code PerMessageDeflateHandshake}), so this peer is left out of the compression scenarios.
 */
public final class UndertowEchoServer implements EchoServer {
    private final Undertow server;

    private UndertowEchoServer(Undertow server) {
        this.server = server;
    }

    /** Shared by every connection: it keeps no state of its own. */
    static final class Echo extends AbstractReceiveListener {
        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            WebSockets.sendText(message.getData(), channel, null);
        }

        @Override
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            Pooled<ByteBuffer[]> data = message.getData();
            WebSockets.sendBinary(data.getResource(), channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel channel, Void context) {
                    data.free();
                }

                @Override
                public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                    data.free();
                }
            });
        }

        // Undertow's own message limit is unlimited (-1); every server under test gets the same limit instead.
        @Override
        protected long getMaxTextBufferSize() {
            return MAX_MESSAGE_SIZE;
        }

        @Override
        protected long getMaxBinaryBufferSize() {
            return MAX_MESSAGE_SIZE;
        }
    }

    public static UndertowEchoServer start(int port) {
        var echo = new Echo();
        Undertow server = Undertow.builder()
                .setIoThreads(Runtime.getRuntime().availableProcessors())
                .addHttpListener(port, HOST)
                .setHandler(Handlers.path().addExactPath(PATH, Handlers.websocket((exchange, channel) -> {
                    channel.getReceiveSetter().set(echo);
                    channel.resumeReceives();
                })))
                .build();
        server.start();
        return new UndertowEchoServer(server);
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }
}
