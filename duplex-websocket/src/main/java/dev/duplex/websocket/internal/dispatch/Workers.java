package dev.duplex.websocket.internal.dispatch;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where user code runs when it may block: a virtual thread per task on JDK 21 and later; on JDK 17 a bounded pool of
 * daemon platform threads ({@code duplex.workerThreads}, default 128), whose excess tasks wait in its queue.
 *
 * <p>The library is compiled for Java 17, so the virtual-thread executor is found reflectively once.
 */
public final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    private static final ExecutorService EXECUTOR = create();

    private Workers() {
    }

    /** The shared worker executor. */
    public static Executor executor() {
        return EXECUTOR;
    }

    /** Whether workers are virtual threads. */
    public static boolean virtual() {
        return !(EXECUTOR instanceof ThreadPoolExecutor);
    }

    private static ExecutorService create() {
        if (!Boolean.getBoolean("duplex.workers.platform")) {
            try {
                var factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
                ExecutorService executor = (ExecutorService) factory.invoke(null);
                LOG.debug("service methods run on virtual threads");
                return executor;
            } catch (ReflectiveOperationException notJdk21) {
                // JDK 17: fall through to the platform pool.
            }
        }
        int threads = Integer.getInteger("duplex.workerThreads", 128);
        var pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new WorkerThreads());
        pool.allowCoreThreadTimeOut(true);
        LOG.debug("service methods run on a pool of {} platform threads", threads);
        return pool;
    }

    /**
     * Daemon threads named {@code duplex-worker-N}, as Netty {@link io.netty.util.concurrent.FastThreadLocalThread}s:
     * Netty 4.2 recycles its per-write objects and keeps allocator caches only on those, so writes from workers
     * allocate less. The superclass wraps each task so that a thread's Netty thread-locals (and the cached buffers
     * they hold) are freed when the thread ends, e.g. after 60 idle seconds.
     */
    private static final class WorkerThreads extends DefaultThreadFactory {
        private final AtomicInteger counter = new AtomicInteger();

        WorkerThreads() {
            super("duplex-worker", true);
        }

        @Override
        protected Thread newThread(Runnable task, String nettyName) {
            return super.newThread(task, "duplex-worker-" + counter.incrementAndGet());
        }
    }
}
