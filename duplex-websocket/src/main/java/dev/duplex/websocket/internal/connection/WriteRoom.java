package dev.duplex.websocket.internal.connection;

import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.WriteTimeoutException;
import dev.duplex.websocket.internal.time.SaturatingDurations;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The writers' side of a connection's outbound flow control: where a writer waits for room in the outbound buffer, or
 * for its write to reach the socket, each on a future of its own that the event loop completes when the buffer drains
 * or the connection ends — up to the write timeout, after which the connection closes with 1008 ({@code onTimeout}).
 * No lock is shared with the event loop, and a writer on a JDK 17 worker waits through
 * {@link CompletableFuture#get}, which lets the worker pool compensate for the blocked thread, so one slow peer never
 * holds a shared worker.
 *
 * <p>Thread safety: {@link #awaitRoom} and {@link #awaitWritten} from any thread but the event loop; {@link #signal}
 * from any thread (the event loop, mostly).
 */
final class WriteRoom {
    /**
     * The writers waiting for room, made by the first writer that has to wait (most connections never have one, and
     * an empty {@code ConcurrentLinkedQueue} is two objects); then never replaced. Volatile: made on a writer's
     * thread, read by the event loop's {@link #signal}.
     */
    private volatile Queue<CompletableFuture<Void>> waiting;
    /**
     * The connection: whether its outbound bytes are below the high-water mark ({@code hasRoom}), whether it still
     * takes writes ({@code acceptsWrites}: a writer stops waiting when it does not), and the close with 1008 when a
     * writer waited {@code writeTimeout} ({@code closeForSlowPeer}); also the write timeout and its setting's name.
     */
    private final WebSocketConnection connection;

    WriteRoom(WebSocketConnection connection) {
        this.connection = connection;
    }

    /**
     * Waits while the outbound buffer is over its high-water mark, so a slow reader slows the writer instead of
     * growing memory; returns at once when the connection stops taking writes (the caller then finds it closed).
     *
     * @throws WriteTimeoutException when the peer did not read for {@code writeTimeout}: nothing of the message was
     *                               sent and the connection is closing with 1008
     */
    void awaitRoom(String what) {
        if (connection.hasRoom()) {
            return;
        }
        Duration writeTimeout = connection.writeTimeout();
        boolean room;
        try {
            room = await(() -> connection.hasRoom() || !connection.acceptsWrites(),
                    writeTimeout.isZero() ? 0 : SaturatingDurations.toNanos(writeTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteTimeoutException("interrupted while waiting to send " + what);
        }
        if (!room) {
            connection.closeForSlowPeer();
            throw new WriteTimeoutException("cannot send " + what + ": the peer has not read for " + writeTimeout
                    + " (" + connection.writeTimeoutSetting() + "); nothing of it was sent and the connection is closing"
                    + " with 1008");
        }
    }

    /**
     * Waits until a write reached the socket, up to {@code writeTimeout}.
     *
     * @throws WriteTimeoutException      when it did not: part of it may be on the wire, so the connection closes
     *                                    with 1008 (the rest must not be sent later behind the writer's back)
     * @throws ConnectionClosureException when it was dropped behind this end's close frame
     * @throws ConnectionException        when the write failed
     */
    void awaitWritten(CompletableFuture<Void> written, String what) {
        Duration writeTimeout = connection.writeTimeout();
        try {
            if (writeTimeout.isZero()) {
                written.get();
            } else {
                written.get(SaturatingDurations.toNanos(writeTimeout), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException expired) {
            connection.closeForSlowPeer();
            throw new WriteTimeoutException("cannot send " + what + ": not written within " + writeTimeout
                    + " (" + connection.writeTimeoutSetting() + "); the connection is closing with 1008");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteTimeoutException("interrupted while sending " + what);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof ConnectionClosureException closure) {
                throw closure;
            }
            throw new ConnectionException("cannot send " + what + ": " + cause, cause);
        }
    }

    /**
     * Waits until {@code ready} holds, up to {@code timeoutNanos} (zero waits forever).
     *
     * @return {@code false} when the time ran out first
     */
    private boolean await(BooleanSupplier ready, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!ready.getAsBoolean()) {
            var signalled = new CompletableFuture<Void>();
            Queue<CompletableFuture<Void>> waiting = waitingQueue();
            waiting.add(signalled);
            // Looked at again after registering: a signal sent before it would otherwise be missed.
            if (ready.getAsBoolean()) {
                waiting.remove(signalled);
                return true;
            }
            try {
                if (timeoutNanos == 0) {
                    signalled.get();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        waiting.remove(signalled);
                        return false;
                    }
                    signalled.get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException expired) {
                waiting.remove(signalled);
                return ready.getAsBoolean();
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return true;
    }

    private Queue<CompletableFuture<Void>> waitingQueue() {
        Queue<CompletableFuture<Void>> queue = waiting;
        if (queue == null) {
            synchronized (this) {
                queue = waiting;
                if (queue == null) {
                    queue = new ConcurrentLinkedQueue<>();
                    waiting = queue;
                }
            }
        }
        return queue;
    }

    /**
     * The buffer drained, or the connection changed state: every waiting writer looks again. A writer that makes the
     * queue after this looked registers before it looks at the state again ({@link #await}), so it misses nothing.
     */
    void signal() {
        Queue<CompletableFuture<Void>> queue = waiting;
        if (queue == null) {
            return;
        }
        CompletableFuture<Void> next;
        while ((next = queue.poll()) != null) {
            next.complete(null);
        }
    }

    /** Whether any writer waits: signalling costs nothing otherwise. */
    boolean hasWaiters() {
        Queue<CompletableFuture<Void>> queue = waiting;
        return queue != null && !queue.isEmpty();
    }
}
