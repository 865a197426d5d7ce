package dev.duplex.benchmarks.fanout;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The publisher of a fan-out server: one thread of its own (never an I/O thread) that runs each publish command,
 * paced or back to back, through the server's {@link Broadcast}.
 *
 * <p>Paced ({@code rate > 0}): message {@code i} is due at {@code start + i / rate} and is stamped with that due time,
 * so a server that cannot keep the pace shows it in the time to the last member (no coordinated omission). Back to
 * back ({@code rate == 0}): each message is stamped when its broadcast starts.
 *
 * <p>Thread safety: {@link #submit} from any thread; commands run one after another on the publisher thread.
 */
public final class PublishLoop implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "fanout-publisher");
        t.setDaemon(true);
        return t;
    });
    private final Broadcast broadcast;

    /** A publisher that sends through {@code broadcast}. */
    public PublishLoop(Broadcast broadcast) {
        this.broadcast = broadcast;
    }

    /** Queues {@code command}; {@code answer} gets {@link FanoutCommand#publishedAnswer} when it is done. */
    public void submit(FanoutCommand command, Consumer<String> answer) {
        thread.execute(() -> answer.accept(FanoutCommand.publishedAnswer(command.batch(), run(command))));
    }

    /** Publishes on the calling thread; returns the nanoseconds from the first publish to the end of the last. */
    long run(FanoutCommand command) {
        long interval = command.rate() > 0 ? Math.round(1e9 / command.rate()) : 0;
        long start = System.nanoTime();
        for (int i = 0; i < command.count(); i++) {
            long stamp;
            if (interval > 0) {
                stamp = start + i * interval;
                waitUntil(stamp);
            } else {
                stamp = System.nanoTime();
            }
            broadcast.publish(command.batch(), i, stamp);
        }
        return System.nanoTime() - start;
    }

    private static void waitUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
