package dev.duplex.websocket.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.internal.connection.InboundBudget;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialQueueTest {

    @Test
    void runsEveryTaskInOrderWhenFarMoreWaitThanItsFirstChunkHolds() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            var queue = new SerialQueue(executor, new InboundBudget(Integer.MAX_VALUE, Long.MAX_VALUE));
            var release = new CountDownLatch(1);
            var done = new CountDownLatch(1);
            List<Integer> ran = new ArrayList<>();
            int tasks = 100 * SerialQueue.FIRST_CHUNK;
            // The first task holds the worker, so the rest pile up in the queue before any of them runs.
            queue.submit(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < tasks; i++) {
                int n = i;
                queue.submit(() -> ran.add(n));
            }
            queue.submit(done::countDown);
            release.countDown();

            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).hasSize(tasks);
            for (int i = 0; i < tasks; i++) {
                assertThat(ran.get(i)).isEqualTo(i);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void firstTasksSubmittedAtOnceFromTheUpgradesWorkerAndTheEventLoopBothRun() throws Exception {
        // onOpen comes from the worker that ran the upgrade while the event loop may already submit the first message;
        // the queue is made by the first submit, and two first submits must not make two queues.
        ExecutorService executor = Executors.newFixedThreadPool(2);
        ExecutorService submitters = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2_000; round++) {
                var queue = new SerialQueue(executor,
                        new InboundBudget(Integer.MAX_VALUE, Long.MAX_VALUE));
                var bothRan = new CountDownLatch(2);
                var start = new CyclicBarrier(2);
                for (int s = 0; s < 2; s++) {
                    submitters.execute(() -> {
                        try {
                            start.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        queue.submit(bothRan::countDown);
                    });
                }
                assertThat(bothRan.await(10, TimeUnit.SECONDS)).as("both first tasks ran (round %d)", round).isTrue();
            }
        } finally {
            submitters.shutdownNow();
            executor.shutdownNow();
        }
    }

    /**
     * A worker may take a task the submitter has offered and not yet counted. The queue must still never start a
     * second drain while the first goes on: two of a connection's messages would run at once, and the later could
     * finish first. The test's queue widens the gaps where that can happen, now and then, at random: between offering a
     * task and counting it, and between taking a task and running it (a worker's thread preempted there).
     */
    @Test
    void neverRunsTwoOfItsTasksAtOnceNorOutOfOrderWhenItsThreadsArePausedAtAnyStep() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            int rounds = 50;
            int tasks = 20_000;
            for (int round = 0; round < rounds; round++) {
                var queue = new SerialQueue(executor, new InboundBudget(Integer.MAX_VALUE, Long.MAX_VALUE),
                        HesitantQueue::new);
                var running = new AtomicInteger();
                var overlaps = new AtomicInteger();
                var outOfOrder = new AtomicInteger();
                var next = new AtomicInteger();
                var done = new CountDownLatch(1);
                for (int i = 0; i < tasks; i++) {
                    int n = i;
                    queue.submit(() -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        if (!next.compareAndSet(n, n + 1)) {
                            outOfOrder.incrementAndGet();
                            next.set(n + 1);
                        }
                        running.decrementAndGet();
                        if (n == tasks - 1) {
                            done.countDown();
                        }
                    });
                }
                assertThat(done.await(30, TimeUnit.SECONDS)).as("round %d ran its last task", round).isTrue();
                assertThat(overlaps.get()).as("tasks run at once (round %d)", round).isZero();
                assertThat(outOfOrder.get()).as("tasks run out of order (round %d)", round).isZero();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** A queue whose offers and polls now and then give up the thread right after their step (1 in 16). */
    private static final class HesitantQueue extends AbstractQueue<Runnable> {
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public boolean offer(Runnable task) {
            tasks.offer(task);
            hesitate();
            return true;
        }

        @Override
        public Runnable poll() {
            Runnable task = tasks.poll();
            hesitate();
            return task;
        }

        @Override
        public Runnable peek() {
            return tasks.peek();
        }

        @Override
        public int size() {
            return tasks.size();
        }

        @Override
        public Iterator<Runnable> iterator() {
            return tasks.iterator();
        }

        private static void hesitate() {
            if (ThreadLocalRandom.current().nextInt(16) == 0) {
                Thread.yield();
            }
        }
    }
}
