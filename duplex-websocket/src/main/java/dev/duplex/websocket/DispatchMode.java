package dev.duplex.websocket;

/**
 * Where a service's methods run ({@link WsServiceConfig#dispatchMode()}). In either mode the methods of one connection
 * run one at a time, in the order of the events.
 *
 * <p>Thread safety: immutable.
 */
public enum DispatchMode {
    /**
     * On a worker: a virtual thread per connection on JDK 21 and later, a bounded platform-thread pool on JDK 17.
     * Methods may block. The default.
     */
    WORKER,
    /**
     * Inline on the connection's event-loop thread: the fastest, for methods that never block (no blocking I/O,
     * no {@code Caller.close} waits). A method that blocks here stalls every connection on that event loop. The
     * service's {@code UpgradeService} runs on the event loop too, unless the service has authenticators
     * ({@link WsServiceConfig#auth()}), which may block and so run on a worker.
     */
    EVENT_LOOP
}
