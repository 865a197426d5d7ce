package dev.duplex.websocket.internal.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop groups: one shared by every listener, one by every client, created on first use, with daemon
 * threads so they never keep a JVM alive. Native epoll where it loads, NIO otherwise; the choice is logged once.
 *
 * <p>Thread safety: lazy holders; safe from any thread.
 */
public final class EventLoops {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);
    private static final boolean EPOLL = !Boolean.getBoolean("duplex.transport.nio") && Epoll.isAvailable();
    /** Event-loop threads per group: {@code duplex.eventLoopThreads}, by default the number of cores. */
    private static final int THREADS = Integer.getInteger("duplex.eventLoopThreads",
            Runtime.getRuntime().availableProcessors());

    private EventLoops() {
    }

    private static final class ServerGroup {
        static final EventLoopGroup GROUP = create("duplex-server");
    }

    private static final class ClientGroup {
        static final EventLoopGroup GROUP = create("duplex-client");
    }

    private static EventLoopGroup create(String name) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        LOG.debug("{} event loops: {} threads, {} transport", name, THREADS, EPOLL ? "native epoll" : "NIO");
        return new MultiThreadIoEventLoopGroup(THREADS, new DefaultThreadFactory(name, true), factory);
    }

    /** The group every listener's channels run on. */
    public static EventLoopGroup server() {
        return ServerGroup.GROUP;
    }

    /** The group every client's channel runs on. */
    public static EventLoopGroup client() {
        return ClientGroup.GROUP;
    }

    public static Class<? extends ServerChannel> serverChannelType() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannelType() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** "native epoll" or "NIO". */
    public static String transportName() {
        return EPOLL ? "native epoll" : "NIO";
    }
}
