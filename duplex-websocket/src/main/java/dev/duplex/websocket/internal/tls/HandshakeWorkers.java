package dev.duplex.websocket.internal.tls;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for TLS handshake work that may wait on the network: checking a peer certificate's revocation asks an OCSP
 * responder or fetches a CRL, which can take as long as the JDK's timeouts (15 s each by default). Done on an event
 * loop, that wait would stall every other connection of the loop; so the handshakes of listeners and clients that
 * check revocation hand their engine's delegated tasks here, and their event loops go on serving other connections.
 *
 * <p>At most {@value #THREADS} checks run at once, process-wide; more wait in line (only handshakes that check
 * revocation wait, never an event loop). The threads are daemons and end after {@value #IDLE_SECONDS} s without work.
 *
 * <p>Thread safety: a lazy holder; safe from any thread.
 */
final class HandshakeWorkers {
    static final int THREADS = 32;
    static final int IDLE_SECONDS = 30;

    private HandshakeWorkers() {
    }

    /** The shared executor, created when first needed. */
    static Executor shared() {
        return Pool.EXECUTOR;
    }

    private static final class Pool {
        static final Executor EXECUTOR = create();

        private static Executor create() {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), task -> {
                        Thread thread = new Thread(task, "duplex-tls-handshake-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.allowCoreThreadTimeOut(true);
            return executor;
        }
    }
}
