package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.internal.connection.ConnectionHandler;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's events one at a time, in order, on worker threads, and applies backpressure: when
 * {@code capacity} events are waiting, the connection stops reading from its socket until half of them are done.
 *
 * <p>Thread safety: {@link #submit} from the event loop; the drain runs on one worker at a time.
 */
public final class SerialQueue implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);
    static final int FIRST_CHUNK = 16;
    /** The largest a chunked queue can grow: unbounded in practice (backpressure pauses reading far below it). */
    private static final int MAX_TASKS = 1 << 30;

    /**
     * Starts with room for {@link #FIRST_CHUNK} tasks and doubles as needed: the default queue's first chunk holds 1,024
     * (about 4 KiB) whatever the queue holds, which every idle connection kept for nothing.
     */
    private final Queue<Runnable> tasks = PlatformDependent.newMpscQueue(FIRST_CHUNK, MAX_TASKS);
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Executor executor;
    private final int capacity;
    private volatile ConnectionHandler reads;

    public SerialQueue(Executor executor, int capacity) {
        this.executor = executor;
        this.capacity = capacity;
    }

    /** The handler whose reading is paused when the queue is full. */
    public void pauses(ConnectionHandler handler) {
        this.reads = handler;
    }

    public void submit(Runnable task) {
        tasks.offer(task);
        int waiting = size.incrementAndGet();
        if (waiting >= capacity && reads != null && paused.compareAndSet(false, true)) {
            reads.pause(ConnectionHandler.PAUSE_INBOUND_QUEUE);
            // The worker may have drained the queue before it could see the pause; then nobody else would resume.
            resumeIfDrained();
        }
        if (waiting == 1) {
            executor.execute(this);
        }
    }

    /**
     * Event loop: resumes reading when the queue is still drained. Deciding here, where {@link #submit} pauses, keeps
     * {@code paused} and the handler in step (a resume decided on the worker could undo a newer pause).
     */
    private void resumeIfDrained() {
        if (size.get() <= capacity / 2 && paused.compareAndSet(true, false)) {
            reads.resume(ConnectionHandler.PAUSE_INBOUND_QUEUE);
        }
    }

    @Override
    public void run() {
        for (;;) {
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (Throwable unexpected) {
                LOG.error("unexpected failure while dispatching", unexpected);
            }
            int waiting = size.decrementAndGet();
            if (waiting <= capacity / 2 && paused.get()) {
                reads.runOnEventLoop(this::resumeIfDrained);
            }
            if (waiting == 0) {
                return;
            }
        }
    }
}
