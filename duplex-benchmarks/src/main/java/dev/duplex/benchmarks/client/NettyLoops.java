package dev.duplex.benchmarks.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's WebSocket client as a Netty user writes it: {@link WebSocketClientProtocolHandler} does the handshake
 * and the closing handshake, {@link WebSocketFrameAggregator} joins fragments, and the echo handler sends the next
 * frame from {@code channelRead}, flushing once per read batch. Text is decoded to a {@code String} and each next
 * message encoded from one, as the other clients do; binary echoes are only measured, not copied. Epoll event
 * loops, one per available core (as Duplex's client). No compression handler: nothing is offered.
 *
 * <p>With {@code blocking}, the same pipeline behind a blocking API, as a Netty user would give one to application
 * threads: the handler puts each message ({@code String}, or the binary payload copied to a {@code byte[]}) into the
 * connection's queue, and one platform thread per connection writes a message and takes the echo from the queue —
 * what Duplex's synchronous {@code Client} does, so the two differ only in their libraries.
 */
final class NettyLoops extends EchoLoops {
    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    /** Whether application threads write and take each echo from a queue, instead of the handler sending the next. */
    private final boolean blocking;
    private final List<Thread> threads = new ArrayList<>();

    NettyLoops(EchoWorkload workload, boolean blocking) {
        super(workload);
        this.blocking = blocking;
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), factory);
    }

    /** One connection's loop; every method runs on the channel's event loop. */
    private final class Echo extends ChannelInboundHandlerAdapter {
        private final int index;
        private final CountDownLatch opened;
        private final String text = workload.text() ? workload.textPayload() : null;
        private final byte[] bytes = workload.text() ? null : workload.binaryPayload();
        /** Blocking mode: the messages the connection's thread takes ({@code String} or {@code byte[]}). */
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

        Echo(int index, CountDownLatch opened) {
            this.index = index;
            this.opened = opened;
        }

        void send(ChannelHandlerContext ctx) {
            Object frame = text != null ? new TextWebSocketFrame(ByteBufUtil.writeUtf8(ctx.alloc(), text))
                    : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
            ctx.write(frame, ctx.voidPromise());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened.countDown();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (blocking) {
                    if (msg instanceof TextWebSocketFrame frame) {
                        received.add(frame.text());
                    } else if (msg instanceof BinaryWebSocketFrame frame) {
                        received.add(ByteBufUtil.getBytes(frame.content()));
                    }
                    return;
                }
                int size;
                if (msg instanceof TextWebSocketFrame frame) {
                    size = frame.text().length();
                } else if (msg instanceof BinaryWebSocketFrame frame) {
                    size = frame.content().readableBytes();
                } else {
                    return;
                }
                if (!expected(index, size)) {
                    ctx.close();
                    return;
                }
                counted(index);
                if (!stopping()) {
                    send(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        /** Blocking mode: the connection's thread writes a message and waits for its echo, until the run stops. */
        void loop(Channel channel) {
            try {
                while (!stopping()) {
                    channel.writeAndFlush(text != null ? new TextWebSocketFrame(text)
                            : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), channel.voidPromise());
                    Object echo = received.poll(10, TimeUnit.SECONDS);
                    if (echo == null) {
                        fail(index, "no echo within 10 s");
                        return;
                    }
                    if (!expected(index, echo instanceof String s ? s.length() : ((byte[]) echo).length)) {
                        return;
                    }
                    counted(index);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(index, "connection closed");
            opened.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(index, cause.toString());
            ctx.close();
        }
    }

    @Override
    void open() throws InterruptedException {
        var opened = new CountDownLatch(workload.connections());
        var protocol = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(workload.uri())
                .maxFramePayloadLength(1 << 20)
                .handshakeTimeoutMillis(30_000)
                .build();
        var bootstrap = new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
        for (int i = 0; i < workload.connections(); i++) {
            var echo = new Echo(i, opened);
            channels.add(bootstrap.clone().handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel channel) {
                    channel.pipeline().addLast(
                            new HttpClientCodec(),
                            new HttpObjectAggregator(8192),
                            new WebSocketClientProtocolHandler(protocol),
                            new WebSocketFrameAggregator(1 << 20),
                            echo);
                }
            }).connect(workload.uri().getHost(), workload.uri().getPort()).sync().channel());
        }
        if (!opened.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Netty connections not open within 30 s");
        }
    }

    @Override
    void start() {
        if (blocking) {
            for (int i = 0; i < channels.size(); i++) {
                Channel channel = channels.get(i);
                Echo echo = (Echo) channel.pipeline().context(Echo.class).handler();
                Thread thread = new Thread(() -> echo.loop(channel), "echo-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            return;
        }
        for (Channel channel : channels) {
            channel.eventLoop().execute(() -> {
                ChannelHandlerContext ctx = channel.pipeline().context(Echo.class);
                ((Echo) ctx.handler()).send(ctx);
                ctx.flush();
            });
        }
    }

    @Override
    void closeConnections() {
        for (Thread thread : threads) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Channel channel : channels) {
            channel.writeAndFlush(new CloseWebSocketFrame(1000, ""));
        }
        for (Channel channel : channels) {
            if (!channel.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS)) {
                channel.close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
