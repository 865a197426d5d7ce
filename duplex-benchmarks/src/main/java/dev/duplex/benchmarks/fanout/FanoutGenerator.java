package dev.duplex.benchmarks.fanout;

import dev.duplex.benchmarks.load.ClientHandshake;
import dev.duplex.benchmarks.load.ProcessCpu;
import dev.duplex.benchmarks.load.SourceAddresses;
import io.netty.bootstrap.Bootstrap;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The fan-out load generator: opens {@link FanoutOptions#subscribers()} WebSocket connections to a
 * {@link FanoutServer} (at most {@link SubscriberCounters#HANDSHAKES_IN_PROGRESS} handshakes at once, from rotating
 * source addresses), stalls {@link FanoutOptions#stalledPercent()} of them, opens a control connection, waits until
 * the server counts every subscriber, has a warm-up batch published and received, then the measured batch, and
 * reports what the reading subscribers received ({@link FanoutResult}). Plain Netty, independent of the servers.
 *
 * <p>Thread safety: {@link #run} is called from one thread, which waits while the event loops work.
 */
public final class FanoutGenerator {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(5);
    private static final int WARMUP_BATCH = 1;
    private static final int MEASURED_BATCH = 2;

    private FanoutGenerator() {
    }

    /** {@code fanout --port N [options]} ({@link FanoutOptions#USAGE}): prints the summary and the result line. */
    public static void main(String[] args) throws Exception {
        FanoutOptions options;
        try {
            options = FanoutOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        FanoutResult result = run(options);
        System.out.println(result.summary());
        System.out.println(result.toLine());
        if (!result.clean()) {
            System.exit(1);
        }
    }

    /** Runs the benchmark once against the server at {@code options.port()}. */
    public static FanoutResult run(FanoutOptions options) throws InterruptedException {
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(), factory);
        var counters = new SubscriberCounters();
        var current = new AtomicReference<FanoutBatch>();
        Channel controlChannel = null;
        try {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
            openSubscribers(options, bootstrap, counters, current);
            int reading = counters.upgraded() - options.stalled();
            var control = new ControlConnection(options.host(), options.port());
            controlChannel = bootstrap.clone().handler(control)
                    .connect(options.host(), options.port()).syncUninterruptibly().channel();
            control.ready.join();
            awaitMembers(control, counters.upgraded());

            publish(control, options, current, new FanoutBatch(WARMUP_BATCH, options.warmupMessages(), reading),
                    options.warmupMessages());
            double clientCpuAtStart = ProcessCpu.ofThisProcess();
            double serverCpuAtStart = ProcessCpu.of(options.serverPid());
            var measured = new FanoutBatch(MEASURED_BATCH, options.messages(), reading);
            double publishSeconds = publish(control, options, current, measured, options.messages());
            double clientCpu = ProcessCpu.ofThisProcess() - clientCpuAtStart;
            double serverCpu = ProcessCpu.of(options.serverPid()) - serverCpuAtStart;
            return result(options, counters, measured, publishSeconds, clientCpu, serverCpu);
        } finally {
            closeAll(counters, controlChannel);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void openSubscribers(FanoutOptions options, Bootstrap bootstrap, SubscriberCounters counters,
                                        AtomicReference<FanoutBatch> current) throws InterruptedException {
        var sources = new SourceAddresses(options.sourceAddresses());
        var remote = new InetSocketAddress(options.host(), options.port());
        int stalled = options.stalled();
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        for (int i = 0; i < options.subscribers() && System.nanoTime() < deadline; i++) {
            // Stalled subscribers are spread evenly: the i-th is stalled when i * stalled / n steps up.
            boolean isStalled = (long) (i + 1) * stalled / options.subscribers()
                    != (long) i * stalled / options.subscribers();
            var connection = new SubscriberConnection(options.host(), options.port(), isStalled, current::get,
                    counters);
            Bootstrap b = bootstrap.clone().handler(connection);
            if (isStalled) {
                b.option(ChannelOption.SO_RCVBUF, FanoutOptions.STALLED_RECEIVE_BUFFER);
            }
            if (!counters.handshakeSlots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                break;
            }
            InetSocketAddress source = sources.forConnection(i);
            ChannelFuture future = source == null ? b.connect(remote) : b.connect(remote, source);
            future.addListener(f -> {
                if (!f.isSuccess()) {
                    counters.failed("connect: " + f.cause());
                }
            });
        }
        int all = SubscriberCounters.HANDSHAKES_IN_PROGRESS;
        if (counters.handshakeSlots.tryAcquire(all, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            counters.handshakeSlots.release(all);
        }
    }

    /** Asks until the server counts {@code expected} subscribers: its side of an upgrade may end after ours. */
    private static void awaitMembers(ControlConnection control, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        String answer = null;
        while (System.nanoTime() < deadline) {
            answer = control.ask(FanoutCommand.MEMBERS, ANSWER_TIMEOUT);
            if (answer.equals(FanoutCommand.membersAnswer(expected))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("the server counts '" + answer + "', expected " + expected);
    }

    /**
     * Has {@code batch} published and waits for it to reach every reading subscriber, up to the timeout; returns the
     * publisher's own duration in seconds (NaN when it did not answer in time).
     */
    private static double publish(ControlConnection control, FanoutOptions options,
                                  AtomicReference<FanoutBatch> current, FanoutBatch batch, int count)
            throws InterruptedException {
        if (count == 0) {
            return 0;
        }
        current.set(batch);
        long deadline = System.nanoTime() + options.timeout().toNanos();
        double publishSeconds;
        try {
            String answer = control.ask(FanoutCommand.publish(batch.id(), count, options.rate()), options.timeout());
            publishSeconds = Long.parseLong(answer.substring(answer.lastIndexOf(' ') + 1)) / 1e9;
        } catch (IllegalStateException e) {
            publishSeconds = Double.NaN;
        }
        batch.await(Math.max(0, deadline - System.nanoTime()));
        return publishSeconds;
    }

    private static FanoutResult result(FanoutOptions options, SubscriberCounters counters, FanoutBatch batch,
                                       double publishSeconds, double clientCpu, double serverCpu) {
        Histogram lastMember = batch.lastMemberNanos();
        boolean any = lastMember.getTotalCount() > 0;
        int failed = counters.failed() + (options.subscribers() - counters.upgraded() - counters.failed());
        return new FanoutResult(options.tags(), counters.upgraded(), options.stalled(), batch.count(),
                batch.deliveries(), batch.seconds(),
                any ? lastMember.getValueAtPercentile(50) / 1e3 : Double.NaN,
                any ? lastMember.getValueAtPercentile(99) / 1e3 : Double.NaN,
                any ? lastMember.getMaxValue() / 1e3 : Double.NaN,
                batch.completeMessages(), publishSeconds, counters.closed(), counters.unexpected(), failed,
                counters.firstError(), clientCpu, serverCpu);
    }

    /** Close frames to every open connection; what has not closed after a few seconds is dropped. */
    private static void closeAll(SubscriberCounters counters, Channel controlChannel) {
        if (controlChannel != null) {
            counters.channels.add(controlChannel);
        }
        for (Channel channel : counters.channels) {
            channel.writeAndFlush(ClientHandshake.closeFrame());
        }
        if (!counters.channels.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            counters.channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
