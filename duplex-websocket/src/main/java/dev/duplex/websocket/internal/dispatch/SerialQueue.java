package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.internal.connection.InboundBudget;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's events one at a time, in order, on worker threads. Every event counts against the
 * connection's {@link InboundBudget} from {@link #submit} until it has run, so a full queue pauses the connection's
 * reading.
 *
 * <p>Thread safety: {@link #submit} from the event loop, or from the worker that ran the upgrade (its {@code onOpen});
 * the drain runs on one worker at a time.
 */
public final class SerialQueue implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);
    static final int FIRST_CHUNK = 16;
    /** How many tasks run between two updates of the budget. */
    static final int SETTLE_EVERY = 8;
    /** The largest a chunked queue can grow: the budget pauses reading far below it. */
    private static final int MAX_TASKS = 1 << 30;

    /** An event that holds bytes of the peer's (a message): they count against the budget until it has run. */
    public interface Sized extends Runnable {
        long bytes();
    }

    /**
     * Made by the first {@link #submit} (about 700 bytes with its padding and first chunk: a connection that never
     * receives a message never pays for it). Starts with room for {@link #FIRST_CHUNK} tasks and doubles as needed: the
     * default queue's first chunk holds 1,024 (about 4 KiB) whatever the queue holds. Written once, under this object's
     * lock, before the count that hands the first task to a worker; volatile so a later drain on another worker sees
     * it.
     */
    private volatile Queue<Runnable> tasks;
    /**
     * Submits no drain has accounted for yet; a drain is scheduled or running exactly while it is above zero, and only
     * the submit that raises it from zero starts one. It is not the number of tasks waiting: a drain may take a task
     * offered and not yet counted, so a drain subtracts the count it saw (never the tasks it ran) after emptying the
     * queue, and stops only when that brings it to zero. A volatile field with an updater rather than an
     * {@code AtomicInteger}.
     */
    private volatile int unaccounted;
    private static final AtomicIntegerFieldUpdater<SerialQueue> UNACCOUNTED =
            AtomicIntegerFieldUpdater.newUpdater(SerialQueue.class, "unaccounted");
    private final Executor executor;
    private final InboundBudget budget;
    private final Supplier<Queue<Runnable>> queues;

    public SerialQueue(Executor executor, InboundBudget budget) {
        this(executor, budget, () -> PlatformDependent.newMpscQueue(FIRST_CHUNK, MAX_TASKS));
    }

    /** {@code queues} makes the queue on the first submit: a test's may widen the gaps between its steps. */
    SerialQueue(Executor executor, InboundBudget budget, Supplier<Queue<Runnable>> queues) {
        this.executor = executor;
        this.budget = budget;
        this.queues = queues;
    }

    /** Event loop: runs {@code task} after those submitted before it. */
    public void submit(Runnable task) {
        budget.admitted(bytesOf(task));
        Queue<Runnable> queue = tasks;
        if (queue == null) {
            // Double-checked: the upgrade's worker may submit onOpen while the event loop submits the first message.
            synchronized (this) {
                queue = tasks;
                if (queue == null) {
                    queue = queues.get();
                    tasks = queue;
                }
            }
        }
        queue.offer(task);
        if (UNACCOUNTED.incrementAndGet(this) == 1) {
            executor.execute(this);
        }
    }

    private static long bytesOf(Runnable task) {
        return task instanceof Sized sized ? sized.bytes() : 0;
    }

    /**
     * Worker: runs the queued tasks until none is left and every submit is accounted for. Each pass empties the queue,
     * then subtracts the submits it had seen; a submit counted meanwhile makes another pass, which finds its task or
     * finds that an earlier pass already ran it. So a new drain starts only after this one has returned.
     */
    @Override
    public void run() {
        Queue<Runnable> queue = tasks; // a drain follows a submit: the queue exists
        int seen = 1; // the submit that started this drain
        do {
            runUntilEmpty(queue);
            seen = UNACCOUNTED.addAndGet(this, -seen);
        } while (seen != 0);
    }

    /**
     * The budget is settled once per {@value #SETTLE_EVERY} tasks rather than per task: a burst costs a few atomic
     * updates instead of two per event, and reading resumes no later than after those tasks.
     */
    private void runUntilEmpty(Queue<Runnable> queue) {
        int ran = 0;
        long bytes = 0;
        Runnable task;
        while ((task = queue.poll()) != null) {
            bytes += bytesOf(task);
            try {
                task.run();
            } catch (Throwable unexpected) {
                LOG.error("unexpected failure while dispatching", unexpected);
            }
            if (++ran == SETTLE_EVERY) {
                budget.taken(ran, bytes);
                ran = 0;
                bytes = 0;
            }
        }
        if (ran > 0) {
            budget.taken(ran, bytes);
        }
    }
}
