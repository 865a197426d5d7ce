package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.internal.connection.ConnectionHandler;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's events one at a time, in order, on worker threads, and applies backpressure: when
 * {@code capacity} events are waiting, the connection stops reading from its socket until half of them are done.
 *
 * <p>Thread safety: {@link #submit} runs on the connection's event loop; the drain runs on one worker at a time. The
 * decision to pause or resume reading is taken on the event loop only, against the current size, so a resume that a
 * worker asked for cannot undo a newer pause (which would let the queue grow without bound).
 */
final class SerialQueue implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);

    private final Queue<Runnable> tasks = PlatformDependent.newMpscQueue();
    private final AtomicInteger size = new AtomicInteger();
    /** Whether this queue paused the connection's reading; written on the event loop only, read by workers. */
    private volatile boolean paused;
    private final Executor executor;
    private final int capacity;
    private volatile ConnectionHandler reads;

    SerialQueue(Executor executor, int capacity) {
        this.executor = executor;
        this.capacity = capacity;
    }

    /** The handler whose reading is paused when the queue is full. */
    void pauses(ConnectionHandler handler) {
        this.reads = handler;
    }

    /** Event loop. */
    void submit(Runnable task) {
        tasks.offer(task);
        int waiting = size.incrementAndGet();
        if (waiting >= capacity && !paused && reads != null) {
            paused = true;
            reads.pause(ConnectionHandler.PAUSE_INBOUND_QUEUE);
            // A worker may have drained the queue before it could see the pause; then nobody else would resume.
            resumeIfDrained();
        }
        if (waiting == 1) {
            executor.execute(this);
        }
    }

    /** Event loop: resumes reading once the queue is down to half its capacity. */
    private void resumeIfDrained() {
        if (paused && size.get() <= capacity / 2) {
            paused = false;
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
            if (waiting <= capacity / 2 && paused) {
                reads.runOnEventLoop(this::resumeIfDrained);
            }
            if (waiting == 0) {
                return;
            }
        }
    }
}
