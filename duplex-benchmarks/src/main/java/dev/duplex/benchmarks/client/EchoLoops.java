package dev.duplex.benchmarks.client;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The echo loops of one client library over all connections of a run: {@link #open()} connects them all,
 * {@link #start()} sends every connection's first message, after which each echo received sends the next one until
 * {@link #stop()}. The runner samples {@link #echoes()} at the start and the end of its measured window.
 *
 * <p>Every connection counts its echoes in its own slot of {@link #echoes}; a slot has one writer at a time (the
 * connection's thread or its serial callbacks) and is read by the runner's thread, hence the volatile array
 * element access through {@link #counted}.
 *
 * <p>A loop that sees something wrong (an echo of the wrong length, an error, an early close) records it with
 * {@link #fail} and stops; the run then reports it and counts the connection as failed.
 */
abstract class EchoLoops implements AutoCloseable {
    protected final EchoWorkload workload;
    private final EchoCounters counters;
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile boolean closing;
    private volatile int failedConnections;

    EchoLoops(EchoWorkload workload) {
        this.workload = workload;
        this.counters = new EchoCounters(workload.connections());
    }

    /** Connects every connection and completes its handshake; returns once all are open. */
    abstract void open() throws Exception;

    /** Sends each connection's first message; from then on every echo sends the next. */
    abstract void start() throws Exception;

    /** Stops sending: an echo received from now on ends its connection's loop. */
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Echoes received so far over all connections. */
    long echoes() {
        return counters.sum();
    }

    /** Connection {@code index} received one more echo. */
    void counted(int index) {
        counters.increment(index);
    }

    /**
     * Checks an echo's size; on a mismatch records it and returns {@code false} (the loop must stop).
     */
    boolean expected(int index, int size) {
        if (size == workload.size()) {
            return true;
        }
        fail(index, "echo of " + size + " bytes, sent " + workload.size());
        return false;
    }

    /** Connection {@code index} failed; its loop stops. */
    void fail(int index, String error) {
        if (closing) {
            // Errors of connections being closed by the run itself are not failures of the echo loop.
            return;
        }
        synchronized (this) {
            failedConnections++;
        }
        firstError.compareAndSet(null, "connection " + index + ": " + error);
    }

    int failedConnections() {
        return failedConnections;
    }

    String firstError() {
        return firstError.get();
    }

    /** Closes every connection (with a close frame where the library sends one) and frees the library's threads. */
    @Override
    public final void close() {
        closing = true;
        stopping = true;
        closeConnections();
    }

    abstract void closeConnections();
}
