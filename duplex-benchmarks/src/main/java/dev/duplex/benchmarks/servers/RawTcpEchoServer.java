package dev.duplex.benchmarks.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;

/**
 * The ceiling: a Netty epoll server that writes every byte it reads straight back, without any framing. A WebSocket
 * server cannot beat it on the same machine; the load generator drives it with pre-encoded frames and counts the
 * echoed bytes.
 */
public final class RawTcpEchoServer implements EchoServer {
    private final EventLoopGroup group;
    private final Channel serverChannel;

    private RawTcpEchoServer(EventLoopGroup group, Channel serverChannel) {
        this.group = group;
        this.serverChannel = serverChannel;
    }

    /** Writes what it reads; flushes once per read batch. Stateless, so one instance serves every channel. */
    @ChannelHandler.Sharable
    static final class EchoBytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static RawTcpEchoServer start(int port) throws InterruptedException {
        EventLoopGroup group = NettyEventLoops.create();
        var echo = new EchoBytes();
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(NettyEventLoops.serverChannelType())
                .childHandler(echo)
                .bind(HOST, port).sync().channel();
        return new RawTcpEchoServer(group, channel);
    }

    @Override
    public int port() {
        return ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
