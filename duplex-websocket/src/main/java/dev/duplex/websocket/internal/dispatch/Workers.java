package dev.duplex.websocket.internal.dispatch;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where user code runs when it may block: a virtual thread per task on JDK 21 and later; on JDK 17 a
 * {@link ForkJoinPool} of daemon platform threads ({@code duplex.workerThreads}, default 128, run at once).
 *
 * <p>No service can starve another: every wait the engine makes on behalf of user code — {@code Caller.close()}
 * waiting for the peer's close frame, a write waiting for room in a slow peer's buffer, a client read — waits on a
 * {@link java.util.concurrent.CompletableFuture}, whose {@code get} tells the pool that its thread is blocked
 * ({@link ForkJoinPool#managedBlock}); the pool then starts another thread for the tasks still waiting, up to
 * {@value #MAX_THREADS} in all. So a thousand peers that never answer a close hold a thousand parked threads, not the
 * 128 that every other service needs. (A service's own blocking calls — a JDBC query, {@code Thread.sleep} — are
 * not compensated on JDK 17; virtual threads have no such limit.)
 *
 * <p>The library is compiled for Java 17, so the virtual-thread executor is found reflectively once.
 */
public final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    /** The most threads the JDK 17 pool runs, blocked ones included (ForkJoinPool's own ceiling). */
    static final int MAX_THREADS = 32_767;
    private static final ExecutorService EXECUTOR = create();

    private Workers() {
    }

    /** The shared worker executor. */
    public static Executor executor() {
        return EXECUTOR;
    }

    /** Whether workers are virtual threads. */
    public static boolean virtual() {
        return !(EXECUTOR instanceof ForkJoinPool);
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
        var pool = new ForkJoinPool(threads, new WorkerThreads(), null, true, 0, MAX_THREADS, 1, pool1 -> true,
                60, TimeUnit.SECONDS);
        LOG.debug("service methods run on a pool of {} platform threads", threads);
        return pool;
    }

    /**
     * Daemon threads named {@code duplex-worker-N}. Tasks are submitted in FIFO (async) mode, so a connection's
     * events, each a task, keep their order across connections as they did in a plain queue.
     */
    private static final class WorkerThreads implements ForkJoinPool.ForkJoinWorkerThreadFactory {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            ForkJoinWorkerThread thread = new ForkJoinWorkerThread(pool) {
            };
            thread.setName("duplex-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
