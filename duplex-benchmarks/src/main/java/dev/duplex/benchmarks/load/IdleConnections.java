package dev.duplex.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 5, memory per idle connection: holds WebSocket connections that completed their handshake and then send
 * nothing, opened from the rotating {@link SourceAddresses}, so the server's memory can be measured while they are
 * open. Driven line by line on standard input by {@code run-memory.sh}:
 * <pre>
 * open N     opens connections until N are upgraded and open; answers "OPEN open=N upgraded=U failed=F first=…"
 * check      answers "OPEN …" with the connections open now (a dropped one shows as open &lt; upgraded)
 * close      sends every connection a close frame, waits for the servers' TCP closes, answers "CLOSED open=N"
 * </pre>
 * End of input closes too. At most {@code 256} handshakes are in progress at once, so the server's accept backlog
 * never overflows.
 *
 * <p>Thread safety: the counters are atomics shared by the event loop and the driving thread; {@link #openUpTo},
 * {@link #close} and {@link #status} are called from one driving thread.
 */
public final class IdleConnections implements AutoCloseable {
    private static final int HANDSHAKES_IN_PROGRESS = 256;

    private final LoadOptions options;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final InetSocketAddress remote;
    private final SourceAddresses sources;
    private final ChannelGroup channels;
    private final Semaphore handshakeSlots = new Semaphore(HANDSHAKES_IN_PROGRESS);
    private final AtomicInteger upgraded = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private long attempts;

    /** What the connections are: upgraded ever, open now (upgraded and not closed), failed before their upgrade. */
    public record Status(int open, int upgraded, int failed, String firstError) {
        @Override
        public String toString() {
            return "open=" + open + " upgraded=" + upgraded + " failed=" + failed + " first="
                    + (firstError == null ? "-" : firstError.replaceAll("\\s+", " "));
        }
    }

    public IdleConnections(LoadOptions options) {
        this.options = options;
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(options.threads(), factory);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        this.remote = new InetSocketAddress(options.host(), options.port());
        this.sources = new SourceAddresses(options.sourceAddresses());
        this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    }

    /** {@code idle --port N [--source-addresses 8] [--host] [--path]}, commands on standard input (see above). */
    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try (var idle = new IdleConnections(options);
             var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                switch (words[0]) {
                    case "open" -> System.out.println("OPEN " + idle.openUpTo(Integer.parseInt(words[1])));
                    case "check" -> System.out.println("OPEN " + idle.status());
                    case "close" -> {
                        idle.close();
                        System.out.println("CLOSED " + idle.status());
                        return;
                    }
                    case "" -> {
                    }
                    default -> System.out.println("ERROR unknown command " + words[0]);
                }
                System.out.flush();
            }
        }
    }

    /**
     * Opens connections until {@code total} have been upgraded (failures do not count; at most {@code total} extra
     * attempts replace them), and returns once every handshake started has ended, or after 5 minutes.
     */
    public Status openUpTo(int total) throws InterruptedException {
        long attemptLimit = attempts + 2L * total;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (upgraded.get() < total && attempts < attemptLimit && System.nanoTime() < deadline) {
            int available = handshakeSlots.availablePermits();
            if (upgraded.get() + HANDSHAKES_IN_PROGRESS - available >= total) {
                // The handshakes in progress would make up the total: wait till one ends, then judge again.
                if (handshakeSlots.tryAcquire(available + 1, 1, TimeUnit.SECONDS)) {
                    handshakeSlots.release(available + 1);
                }
                continue;
            }
            handshakeSlots.acquire();
            connect();
        }
        long left = Math.max(0, deadline - System.nanoTime());
        if (handshakeSlots.tryAcquire(HANDSHAKES_IN_PROGRESS, left, TimeUnit.NANOSECONDS)) {
            handshakeSlots.release(HANDSHAKES_IN_PROGRESS);
        }
        return status();
    }

    private void connect() {
        var connection = new IdleConnection();
        InetSocketAddress source = sources.forConnection(attempts++);
        Bootstrap b = bootstrap.clone().handler(connection);
        ChannelFuture future = source == null ? b.connect(remote) : b.connect(remote, source);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                connection.failed("connect: " + f.cause());
            }
        });
    }

    public Status status() {
        return new Status(open.get(), upgraded.get(), failed.get(), firstError.get());
    }

    /** Sends every open connection a close frame and waits (at most 30 s) for the server to close TCP. */
    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.writeAndFlush(ClientHandshake.closeFrame());
        }
        if (!channels.newCloseFuture().awaitUninterruptibly(30, TimeUnit.SECONDS)) {
            channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One idle connection: the handshake, then nothing; owned by its channel's event loop. */
    private final class IdleConnection extends ChannelInboundHandlerAdapter {
        private final String key = ClientHandshake.newKey();
        private ByteBuf response;
        private boolean handshakeEnded;
        private boolean isOpen;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channels.add(ctx.channel());
            response = ctx.alloc().heapBuffer(256);
            ctx.writeAndFlush(ClientHandshake.request(options.host(), options.port(), options.path(), key));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (handshakeEnded) {
                    // The servers send nothing unasked to an idle connection, except the close frame at the end.
                    return;
                }
                response.writeBytes((ByteBuf) msg);
                int end = ClientHandshake.headerEnd(response);
                if (end < 0) {
                    if (response.readableBytes() > ClientHandshake.MAX_RESPONSE_HEADER) {
                        failed("no end of the HTTP response within 8 KiB");
                        ctx.close();
                    }
                    return;
                }
                String problem = ClientHandshake.problem(response.toString(0, end, StandardCharsets.ISO_8859_1), key);
                if (problem != null) {
                    failed(problem);
                    ctx.close();
                    return;
                }
                releaseResponse();
                handshakeEnded = true;
                isOpen = true;
                open.incrementAndGet();
                upgraded.incrementAndGet();
                handshakeSlots.release();
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            releaseResponse();
            if (isOpen) {
                isOpen = false;
                open.decrementAndGet();
            } else {
                failed("the server closed TCP before the upgrade");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(cause.toString());
            ctx.close();
        }

        /** Counts a failure before the upgrade (once) and frees the handshake slot. */
        void failed(String error) {
            if (handshakeEnded) {
                return;
            }
            handshakeEnded = true;
            failed.incrementAndGet();
            firstError.compareAndSet(null, error);
            handshakeSlots.release();
        }

        private void releaseResponse() {
            if (response != null) {
                response.release();
                response = null;
            }
        }
    }
}
