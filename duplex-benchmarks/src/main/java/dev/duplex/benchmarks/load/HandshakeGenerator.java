package dev.duplex.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Scenario 4, handshakes per second: {@link LoadOptions#connections()} loops, each doing one cycle after another —
 * open a TCP connection, send the upgrade request, read the 101 (checking {@code Sec-WebSocket-Accept}), send a
 * masked close frame, read the server's close frame, and wait for the server to close TCP (RFC 6455 §7.1.1: the
 * server closes first, so the TIME_WAIT stays on its side). A cycle's latency runs from the connect to the TCP close.
 * Connections come from the rotating {@link SourceAddresses}; every failed cycle (connect error, refused upgrade,
 * timeout) is counted and the first one named in the result.
 *
 * <p>Thread safety: each loop and its current connection are owned by one event loop; the calling thread waits and
 * reads the loops' figures through tasks run on their event loops.
 */
public final class HandshakeGenerator {
    /** A cycle not finished within this is a failure (the server lost a close or a connection). */
    private static final long CYCLE_TIMEOUT_SECONDS = 10;

    private HandshakeGenerator() {
    }

    /** Runs the cycles for warm-up plus duration and returns the measured window's figures. */
    public static LoadResult run(LoadOptions options) throws InterruptedException, ExecutionException {
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(), factory);
        try {
            var bootstrap = new Bootstrap()
                    .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
            var remote = new InetSocketAddress(options.host(), options.port());
            var sources = new SourceAddresses(options.sourceAddresses());
            long measureStart = System.nanoTime() + options.warmup().toNanos();
            var window = new LoadWindow(measureStart, measureStart + options.duration().toNanos());
            var finished = new CountDownLatch(options.connections());
            var loops = new ArrayList<CycleLoop>();
            for (int i = 0; i < options.connections(); i++) {
                EventLoop eventLoop = group.next();
                var loop = new CycleLoop(options, bootstrap.clone(eventLoop), remote, sources, i, window, finished,
                        eventLoop);
                loops.add(loop);
                eventLoop.execute(loop::nextCycle);
            }

            sleepUntil(window.measureStart());
            double clientCpuAtStart = ProcessCpu.ofThisProcess();
            double serverCpuAtStart = ProcessCpu.of(options.serverPid());
            sleepUntil(window.measureEnd());
            double clientCpu = ProcessCpu.ofThisProcess() - clientCpuAtStart;
            double serverCpu = ProcessCpu.of(options.serverPid()) - serverCpuAtStart;
            finished.await(CYCLE_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
            return collect(options, loops, clientCpu, serverCpu);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static LoadResult collect(LoadOptions options, List<CycleLoop> loops, double clientCpu, double serverCpu)
            throws InterruptedException, ExecutionException {
        var latencies = new Histogram(1_000, 60_000_000_000L, 3);
        long cycles = 0;
        int failures = 0;
        String firstError = null;
        for (CycleLoop loop : loops) {
            // Read each loop's figures on its event loop: they are owned there.
            String error = loop.eventLoop.submit(() -> {
                latencies.add(loop.latencies);
                return loop.firstError;
            }).get();
            cycles += loop.measuredCycles;
            failures += loop.failures;
            if (firstError == null && error != null) {
                firstError = error;
            }
        }
        if (failures > 0) {
            firstError = failures + " cycles failed, first: " + firstError;
        }
        return new LoadResult(options.tags(), cycles, options.duration().toNanos() / 1e9, 0,
                latencies.getValueAtPercentile(50) / 1e3, latencies.getValueAtPercentile(99) / 1e3,
                latencies.getValueAtPercentile(99.9) / 1e3, latencies.getMaxValue() / 1e3,
                clientCpu, serverCpu, failures, firstError, LoadResult.MODE_HANDSHAKES, Double.NaN, cycles, 0);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** One of the concurrent loops: one cycle at a time, the next started when the last ends. Owned by its loop. */
    private static final class CycleLoop {
        private final LoadOptions options;
        private final Bootstrap bootstrap;
        private final InetSocketAddress remote;
        private final SourceAddresses sources;
        private final LoadWindow window;
        private final CountDownLatch finished;
        final EventLoop eventLoop;
        private long connectionNumber;

        final Histogram latencies = new Histogram(1_000, 60_000_000_000L, 3);
        long measuredCycles;
        int failures;
        String firstError;

        CycleLoop(LoadOptions options, Bootstrap bootstrap, InetSocketAddress remote, SourceAddresses sources,
                  int index, LoadWindow window, CountDownLatch finished, EventLoop eventLoop) {
            this.options = options;
            this.bootstrap = bootstrap;
            this.remote = remote;
            this.sources = sources;
            this.window = window;
            this.finished = finished;
            this.eventLoop = eventLoop;
            // Loops start at different source addresses, so they spread over all of them from the first cycle.
            this.connectionNumber = index;
        }

        void nextCycle() {
            long now = System.nanoTime();
            if (window.over(now)) {
                finished.countDown();
                return;
            }
            var cycle = new Cycle(this, now);
            InetSocketAddress source = sources.forConnection(connectionNumber);
            connectionNumber += options.connections();
            ChannelFuture connect = source == null
                    ? bootstrap.clone().handler(cycle).connect(remote)
                    : bootstrap.clone().handler(cycle).connect(remote, source);
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    cycle.fail("connect: " + f.cause());
                }
            });
        }

        /** Event loop: the cycle that started at {@code startedAt} ended, well or with {@code error}. */
        void cycleEnded(long startedAt, String error) {
            long now = System.nanoTime();
            if (error != null) {
                failures++;
                if (firstError == null) {
                    firstError = error;
                }
            } else if (window.measures(now)) {
                measuredCycles++;
                latencies.recordValue(now - startedAt);
            }
            // Not inline: a connect that fails at once would otherwise recurse.
            eventLoop.execute(this::nextCycle);
        }
    }

    /** One open–upgrade–close cycle on one connection. Owned by the loop's event loop. */
    private static final class Cycle extends ChannelInboundHandlerAdapter {
        private enum Step { UPGRADING, CLOSING, AWAITING_TCP_CLOSE, ENDED }

        private final CycleLoop loop;
        private final long startedAt;
        private final String key = ClientHandshake.newKey();
        private Step step = Step.UPGRADING;
        private ByteBuf received;
        private ScheduledFuture<?> timeout;
        private ChannelHandlerContext ctx;

        Cycle(CycleLoop loop, long startedAt) {
            this.loop = loop;
            this.startedAt = startedAt;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            received = ctx.alloc().heapBuffer(256);
            timeout = ctx.executor().schedule(() -> fail("cycle not finished within " + CYCLE_TIMEOUT_SECONDS
                    + " s, at step " + step), CYCLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LoadOptions options = loop.options;
            ctx.writeAndFlush(ClientHandshake.request(options.host(), options.port(), options.path(), key));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (step != Step.ENDED) {
                    received.writeBytes((ByteBuf) msg);
                    readReceived();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void readReceived() {
            if (step == Step.UPGRADING) {
                int end = ClientHandshake.headerEnd(received);
                if (end < 0) {
                    if (received.readableBytes() > ClientHandshake.MAX_RESPONSE_HEADER) {
                        fail("no end of the HTTP response within 8 KiB");
                    }
                    return;
                }
                String problem = ClientHandshake.problem(
                        received.toString(received.readerIndex(), end - received.readerIndex(),
                                StandardCharsets.ISO_8859_1), key);
                if (problem != null) {
                    fail(problem);
                    return;
                }
                received.readerIndex(ClientHandshake.headerLength(end));
                step = Step.CLOSING;
                ctx.writeAndFlush(ClientHandshake.closeFrame());
            }
            if (step == Step.CLOSING && received.readableBytes() >= 2) {
                int opcode = received.getByte(received.readerIndex()) & 0x0F;
                int length = received.getByte(received.readerIndex() + 1) & 0x7F;
                if (opcode != ClientFrames.OPCODE_CLOSE || length > 125) {
                    fail("expected the server's close frame, got opcode " + opcode + " length " + length);
                    return;
                }
                if (received.readableBytes() >= 2 + length) {
                    received.skipBytes(2 + length);
                    step = Step.AWAITING_TCP_CLOSE;
                }
            }
            if (step == Step.AWAITING_TCP_CLOSE && received.isReadable()) {
                fail("the server sent bytes after its close frame");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (step == Step.AWAITING_TCP_CLOSE) {
                end(null);
            } else {
                fail("the server closed TCP at step " + step);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause.toString());
        }

        /** Ends the cycle with {@code error}; called once the TCP connection is or is being closed. */
        void fail(String error) {
            end(error);
            if (ctx != null) {
                ctx.close();
            }
        }

        private void end(String error) {
            if (step == Step.ENDED) {
                return;
            }
            step = Step.ENDED;
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (received != null) {
                received.release();
                received = null;
            }
            loop.cycleEnded(startedAt, error);
        }
    }
}
