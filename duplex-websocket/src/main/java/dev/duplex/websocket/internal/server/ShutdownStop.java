package dev.duplex.websocket.internal.server;

/**
 * A JVM shutdown hook that runs one stop action: registered by {@link #register}, it runs when the JVM shuts down
 * (the last non-daemon thread ends, {@link System#exit}, SIGINT or SIGTERM) unless {@link #cancel()} removed it first.
 *
 * <p>Thread safety: {@link #cancel()} may be called from any thread, any number of times, also while the JVM is
 * shutting down (then the hook has started or is about to, and the call does nothing).
 */
public final class ShutdownStop {
    private final Thread hook;

    private ShutdownStop(Thread hook) {
        this.hook = hook;
    }

    /**
     * Registers {@code stop} to run on its own thread, named {@code threadName}, when the JVM shuts down.
     *
     * @throws IllegalStateException when the JVM is already shutting down
     */
    public static ShutdownStop register(Runnable stop, String threadName) {
        Thread hook = new Thread(stop, threadName);
        Runtime.getRuntime().addShutdownHook(hook);
        return new ShutdownStop(hook);
    }

    /** Removes the hook; harmless when it was removed already or the JVM is shutting down. */
    public void cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hooks are running (or about to): this one does its stop, which is then harmless.
        }
    }
}
