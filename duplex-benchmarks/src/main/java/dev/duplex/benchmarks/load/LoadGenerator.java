package dev.duplex.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load generator: opens {@link LoadOptions#connections()} connections, keeps {@link LoadOptions#depth()} messages
 * in flight on each, warms up, measures for {@link LoadOptions#duration()}, waits for the last echoes and closes.
 * Plain Netty (epoll), independent of the library under test.
 *
 * <p>Thread safety: {@link #run} is called from one thread, which waits while the event loops work.
 */
public final class LoadGenerator {
    /** The frames shared by all connections take at most this much memory. */
    private static final int FRAME_RING_BYTES = 16 << 20;
    private static final int MAX_FRAMES = 16;

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LoadResult result = run(options);
        System.out.println(result.summary());
        System.out.println(result.toLine());
        if (result.failedConnections() > 0) {
            System.exit(1);
        }
    }

    /** Runs the load and returns what was measured. */
    public static LoadResult run(LoadOptions options) throws InterruptedException, ExecutionException {
        if (options.handshakes()) {
            return HandshakeGenerator.run(options);
        }
        ByteBuf[] frames = encodeFrames(options);
        EventLoopGroup group = createGroup(options.threads());
        var connections = new ArrayList<LoadConnection>();
        var channels = new ArrayList<Channel>();
        try {
            var ready = new CountDownLatch(options.connections());
            var drained = new CountDownLatch(options.connections());
            int connectFailures = connect(options, frames, group, ready, drained, connections, channels);
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connections not ready within 60 s");
            }

            long start = System.nanoTime();
            long measureStart = start + options.warmup().toNanos();
            var window = new LoadWindow(measureStart, measureStart + options.duration().toNanos());
            for (int i = 0; i < channels.size(); i++) {
                LoadConnection connection = connections.get(i);
                channels.get(i).eventLoop().execute(() -> connection.start(window));
            }

            sleepUntil(window.measureStart());
            double clientCpuAtStart = ProcessCpu.ofThisProcess();
            double serverCpuAtStart = ProcessCpu.of(options.serverPid());
            sleepUntil(window.measureEnd());
            double clientCpu = ProcessCpu.ofThisProcess() - clientCpuAtStart;
            double serverCpu = ProcessCpu.of(options.serverPid()) - serverCpuAtStart;

            drained.await(30, TimeUnit.SECONDS);
            return collect(options, connections, channels, connectFailures,
                    options.duration().toNanos() / 1e9, clientCpu, serverCpu);
        } finally {
            closeAll(connections, channels);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            for (ByteBuf frame : frames) {
                frame.unwrap().release();
            }
        }
    }

    private static int connect(LoadOptions options, ByteBuf[] frames, EventLoopGroup group, CountDownLatch ready,
                               CountDownLatch drained, List<LoadConnection> connections, List<Channel> channels)
            throws InterruptedException {
        var bootstrap = new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        int failures = 0;
        var sources = new SourceAddresses(options.sourceAddresses());
        var remote = new InetSocketAddress(options.host(), options.port());
        for (int i = 0; i < options.connections(); i++) {
            var connection = new LoadConnection(options, frames, ready, drained);
            InetSocketAddress source = sources.forConnection(i);
            Bootstrap b = bootstrap.clone().handler(connection);
            ChannelFuture future = source == null ? b.connect(remote) : b.connect(remote, source);
            if (!future.await(30, TimeUnit.SECONDS) || !future.isSuccess()) {
                if (failures++ == 0) {
                    System.err.println("connection " + i + " failed: " + (future.cause() == null
                            ? "no answer within 30 s" : future.cause().toString()));
                }
                ready.countDown();
                drained.countDown();
                continue;
            }
            connections.add(connection);
            channels.add(future.channel());
        }
        return failures;
    }

    private static LoadResult collect(LoadOptions options, List<LoadConnection> connections, List<Channel> channels,
                                      int connectFailures, double seconds, double clientCpu, double serverCpu)
            throws InterruptedException, ExecutionException {
        var latencies = new Histogram(1_000, 60_000_000_000L, 3);
        long messages = 0;
        long bytes = 0;
        long sent = 0;
        long maxSendLag = 0;
        int failed = connectFailures;
        String firstError = connectFailures > 0 ? connectFailures + " connections could not connect" : null;
        for (int i = 0; i < connections.size(); i++) {
            LoadConnection connection = connections.get(i);
            // Read each connection's counters on its own event loop: they are owned there.
            String error = channels.get(i).eventLoop().submit(() -> {
                latencies.add(connection.latencies);
                return connection.error();
            }).get();
            messages += connection.measuredMessages;
            bytes += connection.measuredBytes;
            sent += connection.measuredSent;
            maxSendLag = Math.max(maxSendLag, connection.maxSendLag);
            if (error != null) {
                failed++;
                if (firstError == null) {
                    firstError = error;
                }
            }
        }
        return new LoadResult(options.tags(), messages, seconds, bytes,
                latencies.getValueAtPercentile(50) / 1e3, latencies.getValueAtPercentile(99) / 1e3,
                latencies.getValueAtPercentile(99.9) / 1e3, latencies.getMaxValue() / 1e3,
                clientCpu, serverCpu, failed, firstError,
                options.openLoop() ? LoadResult.MODE_RATE : LoadResult.MODE_ECHO,
                options.openLoop() ? options.rate() : Double.NaN, options.openLoop() ? sent : messages,
                maxSendLag / 1e3);
    }

    private static void closeAll(List<LoadConnection> connections, List<Channel> channels) {
        for (int i = 0; i < channels.size(); i++) {
            LoadConnection connection = connections.get(i);
            Channel channel = channels.get(i);
            if (channel.isActive()) {
                channel.eventLoop().execute(connection::close);
            }
        }
        // Servers answer the close frame and end TCP; whatever has not closed after a moment is dropped.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Channel channel : channels) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                channel.close();
            }
        }
    }

    /**
     * The frames every connection sends, masked with different random keys: as many as fit in
     * {@link #FRAME_RING_BYTES}, at most {@link #MAX_FRAMES}. Read-only and shared; never released by a write.
     * Text is JSON-like ASCII ({@link ClientFrames#jsonText}), binary is random bytes; with {@code --deflate} each
     * frame carries the message compressed once here.
     */
    static ByteBuf[] encodeFrames(LoadOptions options) {
        byte[] message = options.text() ? ClientFrames.jsonText(options.messageSize())
                : ClientFrames.binary(options.messageSize());
        byte[] payload = options.deflate() ? ClientFrames.deflate(message) : message;
        int opcode = options.text() ? ClientFrames.OPCODE_TEXT : ClientFrames.OPCODE_BINARY;
        int count = Math.max(1, Math.min(MAX_FRAMES, FRAME_RING_BYTES / Math.max(1, payload.length + 14)));
        var frames = new ByteBuf[count];
        for (int i = 0; i < count; i++) {
            byte[] frame = ClientFrames.encode(opcode, true, options.deflate(), payload,
                    ThreadLocalRandom.current().nextInt());
            frames[i] = Unpooled.unreleasableBuffer(Unpooled.directBuffer(frame.length).writeBytes(frame));
        }
        return frames;
    }

    private static EventLoopGroup createGroup(int threads) {
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
