package dev.duplex.benchmarks.micro;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's benchmark threads as Netty {@link FastThreadLocalThread}s, like the event loop's: Netty 4.2 pools recycled
 * objects (a {@code ChannelOutboundBuffer} entry per write, pooled buffer slices) only on such threads and allocates
 * them afresh anywhere else, so on JMH's own threads {@code -prof gc} would count allocations the event loop does
 * not make. Chosen with {@code -Djmh.executor=CUSTOM -Djmh.executor.class=} this class (JMH calls the
 * {@code (int, String)} constructor), as {@link DispatchBenchmark}'s {@code @Fork} does.
 *
 * <p>Thread safety: an executor, as {@link ThreadPoolExecutor}.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {
    /** The JVM options that make a forked benchmark JVM use this executor. */
    static final String JMH_EXECUTOR = "-Djmh.executor=CUSTOM";
    static final String JMH_EXECUTOR_CLASS = "-Djmh.executor.class=dev.duplex.benchmarks.micro.EventLoopThreads";

    public EventLoopThreads(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
