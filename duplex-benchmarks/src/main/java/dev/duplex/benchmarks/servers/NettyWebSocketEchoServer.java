package dev.duplex.benchmarks.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The reference peer: an echo written directly on Netty 4.2's WebSocket codec, as a Netty user would write it with
 * care. {@link WebSocketServerProtocolHandler} does the handshake, pings and the closing handshake and validates
 * UTF-8; {@link WebSocketFrameAggregator} joins fragments into messages (so it keeps message semantics like Duplex);
 * the echo hands the received frame back without copying and flushes once per read batch.
 *
 * <p>With compression ({@code netty-ws-deflate}), Netty's {@link WebSocketServerCompressionHandler} sits in front of
 * the same echo with its defaults: it agrees to permessage-deflate when the client offers it, inflates every
 * compressed message and deflates every message it sends (no size threshold).
 */
public final class NettyWebSocketEchoServer implements EchoServer {
    private final EventLoopGroup group;
    private final Channel serverChannel;

    private NettyWebSocketEchoServer(EventLoopGroup group, Channel serverChannel) {
        this.group = group;
        this.serverChannel = serverChannel;
    }

    /** Writes text and binary frames back as they are; other frames were handled by the protocol handler. */
    @ChannelHandler.Sharable
    static final class EchoFrames extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                ctx.write(msg, ctx.voidPromise());
            } else {
                ReferenceCountUtil.release(msg);
            }
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

    /** Starts the echo; with {@code deflate}, it agrees to permessage-deflate when the client offers it. */
    public static NettyWebSocketEchoServer start(int port, boolean deflate) throws InterruptedException {
        EventLoopGroup group = NettyEventLoops.create();
        var protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .maxFramePayloadLength(MAX_MESSAGE_SIZE)
                .allowExtensions(deflate)
                .build();
        var echo = new EchoFrames();
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(NettyEventLoops.serverChannelType())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192));
                        if (deflate) {
                            // Inflated messages may be as large as any other message under test.
                            ch.pipeline().addLast(new WebSocketServerCompressionHandler(MAX_MESSAGE_SIZE));
                        }
                        ch.pipeline().addLast(
                                new WebSocketServerProtocolHandler(protocol),
                                new WebSocketFrameAggregator(MAX_MESSAGE_SIZE),
                                echo);
                    }
                })
                .bind(HOST, port).sync().channel();
        return new NettyWebSocketEchoServer(group, channel);
    }

    @Override
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
