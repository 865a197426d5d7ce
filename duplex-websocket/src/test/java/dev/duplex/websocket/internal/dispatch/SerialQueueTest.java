package dev.duplex.websocket.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialQueueTest {

    @Test
    void runsEveryTaskInOrderWhenFarMoreWaitThanItsFirstChunkHolds() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            var queue = new SerialQueue(executor, new dev.duplex.websocket.internal.connection.InboundBudget(Integer.MAX_VALUE, Long.MAX_VALUE));
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
                        new dev.duplex.websocket.internal.connection.InboundBudget(Integer.MAX_VALUE, Long.MAX_VALUE));
                var bothRan = new CountDownLatch(2);
                var start = new java.util.concurrent.CyclicBarrier(2);
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
}
