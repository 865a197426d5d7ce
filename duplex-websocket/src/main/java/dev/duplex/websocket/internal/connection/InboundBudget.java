package dev.duplex.websocket.internal.connection;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The one bound on what a connection has received and the application has not yet taken — messages, pings, pongs,
 * the close and errors, whichever queue holds them (the server's dispatch queue, the client's inbox and the client's
 * ping/pong callbacks share one budget per connection). When {@code maxEvents} events or {@code maxBytes} bytes wait,
 * the connection stops reading from its socket; it reads again once both are down to half. So a slow application
 * makes the peer wait instead of growing this end's memory, and no kind of event escapes the bound.
 *
 * <p>Thread safety: {@link #admitted} on the connection's event loop, where pausing is decided; {@link #taken} from
 * any thread. A resume is decided on the event loop too, so it can never undo a newer pause.
 */
public final class InboundBudget {
    private final int maxEvents;
    private final long maxBytes;
    private static final AtomicLongFieldUpdater<InboundBudget> EVENTS =
            AtomicLongFieldUpdater.newUpdater(InboundBudget.class, "events");
    private static final AtomicLongFieldUpdater<InboundBudget> BYTES =
            AtomicLongFieldUpdater.newUpdater(InboundBudget.class, "bytes");
    private static final AtomicIntegerFieldUpdater<InboundBudget> RESUME_SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(InboundBudget.class, "resumeScheduled");

    /**
     * Events and bytes waiting: added on the event loop, taken from any thread. Volatile fields with updaters rather
     * than atomics: three objects less per connection.
     */
    private volatile long events;
    private volatile long bytes;
    /** Written on the event loop only; read by {@link #taken} to decide whether a resume may be due. */
    private volatile boolean paused;
    /** 1 while a resume task is on its way to the event loop. */
    private volatile int resumeScheduled;
    /** The handler that reads the connection; set before the first event. */
    private volatile ConnectionHandler reads;

    /**
     * @param maxEvents events that may wait before reading pauses; at least 1
     * @param maxBytes  bytes that may wait before reading pauses; at least 1
     */
    public InboundBudget(int maxEvents, long maxBytes) {
        if (maxEvents < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("an inbound budget needs room for one event and one byte, was "
                    + maxEvents + " events and " + maxBytes + " bytes");
        }
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** The bytes a connection may hold for its application: two messages of the largest size it accepts. */
    public static long bytesFor(long maxMessageSize) {
        return Math.max(64 * 1024, 2 * maxMessageSize);
    }

    /** Reading of {@code handler} pauses while the budget is spent. */
    public void pauses(ConnectionHandler handler) {
        this.reads = handler;
    }

    /** Event loop: an event of {@code size} bytes now waits for the application; pauses reading when over. */
    public void admitted(long size) {
        long waitingEvents = EVENTS.incrementAndGet(this);
        long waitingBytes = BYTES.addAndGet(this, size);
        ConnectionHandler handler = reads;
        if (!paused && handler != null && (waitingEvents >= maxEvents || waitingBytes >= maxBytes)) {
            paused = true;
            handler.pause(ConnectionHandler.PAUSE_INBOUND_QUEUE);
            // The application may have taken everything before it could see the pause; then nobody else resumes.
            resumeIfDrained();
        }
    }

    /** Any thread: the application took an event of {@code size} bytes. */
    public void taken(long size) {
        taken(1, size);
    }

    /** Any thread: the application took {@code count} events of {@code size} bytes in all. */
    public void taken(int count, long size) {
        EVENTS.addAndGet(this, -count);
        BYTES.addAndGet(this, -size);
        if (paused && drained() && RESUME_SCHEDULED.compareAndSet(this, 0, 1)) {
            reads.runOnEventLoop(() -> {
                resumeScheduled = 0;
                resumeIfDrained();
            });
        }
    }

    /** Event loop: resumes reading when paused and back down to half. */
    private void resumeIfDrained() {
        if (paused && drained()) {
            paused = false;
            reads.resume(ConnectionHandler.PAUSE_INBOUND_QUEUE);
        }
    }

    private boolean drained() {
        return events <= maxEvents / 2 && bytes <= maxBytes / 2;
    }

    /** Events waiting for the application. */
    public long events() {
        return events;
    }

    /** Bytes waiting for the application. */
    public long bytes() {
        return bytes;
    }
}
