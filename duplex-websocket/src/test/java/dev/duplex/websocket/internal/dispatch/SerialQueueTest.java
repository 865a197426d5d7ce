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
}
