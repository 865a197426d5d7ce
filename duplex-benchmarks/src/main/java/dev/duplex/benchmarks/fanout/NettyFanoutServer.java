package dev.duplex.benchmarks.fanout;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The reference: fan-out as a careful Netty 4.2 user writes it. Subscribers join a {@link ChannelGroup} when their
 * handshake completes (and leave it when they close); each message is one {@link TextWebSocketFrame} over one direct
 * buffer, written with {@code group.writeAndFlush(frame, ChannelMatchers.all(), true)} (void promises), which hands
 * every member a retained duplicate of the same bytes. The publisher never waits: Netty queues whatever a member
 * cannot take yet, without bound. It stays at most {@link #PUBLISHED_AHEAD} messages ahead of the event loops, so
 * back-to-back publishing does not pile up write tasks without bound.
 */
public final class NettyFanoutServer implements FanoutServer {
    /** How many messages the publisher may hand to the group before the event loops have written them. */
    static final int PUBLISHED_AHEAD = 16;

    private final EventLoopGroup loops;
    private final Channel serverChannel;
    private final PublishLoop publisher;

    private NettyFanoutServer(EventLoopGroup loops, Channel serverChannel, PublishLoop publisher) {
        this.loops = loops;
        this.serverChannel = serverChannel;
        this.publisher = publisher;
    }

    /** Joins subscribers to the group; answers the control connection's commands. */
    @ChannelHandler.Sharable
    static final class Subscribers extends ChannelInboundHandlerAdapter {
        /** Every subscriber; the group removes closed channels itself. */
        private final ChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        private final PublishLoop publisher = new PublishLoop(this::publish);
        private final EventLoopGroup loops;

        Subscribers(EventLoopGroup loops) {
            this.loops = loops;
        }

        private void publish(int batch, int sequence, long publishNanos) {
            byte[] message = FanoutMessage.encode(batch, sequence, publishNanos);
            // Void promises: no future per member and no group future to gather them, as fan-out code that does not
            // wait for the writes is written.
            group.writeAndFlush(new TextWebSocketFrame(Unpooled.directBuffer(message.length).writeBytes(message)),
                    ChannelMatchers.all(), true);
            if (sequence % PUBLISHED_AHEAD == PUBLISHED_AHEAD - 1) {
                // Stay at most PUBLISHED_AHEAD messages ahead of the event loops: wait till each has run the writes
                // queued so far (to the socket, or into the outbound buffer of a member that is not reading).
                for (EventExecutor loop : loops) {
                    loop.submit(() -> { }).syncUninterruptibly();
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                group.add(ctx.channel());
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame frame) {
                    group.remove(ctx.channel());
                    FanoutCommand command = FanoutCommand.parse(frame.text());
                    Channel control = ctx.channel();
                    if (command.members()) {
                        control.writeAndFlush(new TextWebSocketFrame(FanoutCommand.membersAnswer(group.size())));
                    } else {
                        publisher.submit(command, answer -> control.writeAndFlush(new TextWebSocketFrame(answer)));
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /**
     * Starts the server on {@link #HOST} at {@code port} (0 for any free port); with {@code consolidateFlushes},
     * Netty's {@link FlushConsolidationHandler} (explicit flush after 256 flushes, and flushes outside a read
     * consolidated) sits at the head of every subscriber's pipeline, so messages published faster than the socket
     * takes them leave in fewer, larger writes.
     */
    public static NettyFanoutServer start(int port, boolean consolidateFlushes) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), factory);
        var subscribers = new Subscribers(loops);
        Channel channel = new ServerBootstrap()
                .group(loops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (consolidateFlushes) {
                            ch.pipeline().addLast(new FlushConsolidationHandler(
                                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(PATH), subscribers);
                    }
                })
                .bind(HOST, port).sync().channel();
        return new NettyFanoutServer(loops, channel, subscribers.publisher);
    }

    @Override
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        publisher.close();
        serverChannel.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
