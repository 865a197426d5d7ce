package dev.duplex.websocket.internal.dispatch;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands the worker tasks an event loop submits during one turn (one pass over its ready sockets) to the workers
 * together, at the end of that turn, with one hand-off: the first of them starts the others from the worker side.
 *
 * <p>Why: a worker woken for each connection's first message as it is read can take the CPU from the event loop at
 * once (on a busy or single core, the scheduler favours the thread that just woke), run that one message, go back to
 * sleep and give the CPU back, so a turn with messages for fifty connections costs up to a hundred context switches.
 * Started together, they cost one wake-up, and the loop reads every ready socket first.
 *
 * <p>A task waits at most until the loop has run the reads of its turn: the start is itself a task of that loop,
 * scheduled with the turn's first submission.
 *
 * <p>One instance serves every connection (it holds no connection's state): the loop whose turn a task joins is the
 * one whose thread submits it ({@link ThreadExecutorMap#currentExecutor()}), which is the connection's own loop.
 *
 * <p>Thread safety: {@link #execute} from any thread. On an event loop's thread the task joins that loop's pending
 * list, which that thread owns; from any other thread it is handed to the workers at once.
 */
final class BatchedStarts implements Executor {
    /** The tasks a loop's thread submitted in its current turn; owned by that thread. */
    private static final FastThreadLocal<Pending> PENDING = new FastThreadLocal<>() {
        @Override
        protected Pending initialValue() {
            return new Pending();
        }
    };

    private final Executor workers;

    private BatchedStarts(Executor workers) {
        this.workers = workers;
    }

    /** Starts {@code workers} tasks submitted on an event loop once per turn of that loop. */
    static Executor of(Executor workers) {
        return new BatchedStarts(workers);
    }

    @Override
    public void execute(Runnable task) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null || !loop.inEventLoop()) {
            workers.execute(task);
            return;
        }
        Pending pending = PENDING.get();
        pending.tasks.add(task);
        if (pending.tasks.size() == 1) {
            try {
                loop.execute(() -> pending.start(workers));
            } catch (RejectedExecutionException shuttingDown) {
                // The loop takes no more tasks: nothing would start this turn's tasks at its end.
                pending.start(workers);
            }
        }
    }

    /** One loop thread's tasks of the current turn. */
    private static final class Pending {
        private List<Runnable> tasks = new ArrayList<>();

        /** Event loop: hands this turn's tasks to the workers with one submission. */
        void start(Executor workers) {
            List<Runnable> turn = tasks;
            tasks = new ArrayList<>();
            if (turn.size() == 1) {
                workers.execute(turn.get(0));
                return;
            }
            workers.execute(() -> {
                Runnable first = turn.get(0);
                for (int i = 1; i < turn.size(); i++) {
                    workers.execute(turn.get(i));
                }
                first.run();
            });
        }
    }
}
