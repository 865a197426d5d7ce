package dev.duplex.websocket.internal.client;

import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.ReadTimeoutException;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.internal.connection.ConnectionHandler;
import dev.duplex.websocket.internal.connection.ConnectionListener;
import dev.duplex.websocket.internal.connection.InboundBudget;
import dev.duplex.websocket.internal.dispatch.SerialQueue;
import dev.duplex.websocket.internal.dispatch.Workers;
import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import io.netty.buffer.ByteBuf;
import dev.duplex.websocket.internal.protocol.ArrayMessage;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's inbound side: a bounded queue of whole messages that {@code read*} calls take from, in arrival order,
 * each message exactly once. When the queue holds {@code capacity} messages, the connection stops reading from its
 * socket until readers have taken half of them, so a client that does not read makes the server wait instead of
 * growing memory. Control frames never wait here: the connection answers pings and echoes close frames on its own.
 *
 * <p>After the last message, a read reports how the connection ended: first the error that ended it (e.g.
 * {@code PayloadTooLargeException}), once; then {@link ConnectionClosureException} with the close code and reason.
 *
 * <p>Thread safety: the {@link ConnectionListener} side runs on the event loop; readers on any threads; all state is
 * guarded by {@code lock}.
 */
public final class ClientInbox implements ConnectionListener {
    /** What a read accepts. */
    public enum Kind { TEXT, BINARY, ANY }

    /** How a read ended the wait when the connection is gone; see {@link #endedAbnormally()}. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> messages = new ArrayDeque<>();
    private final ControlFrames controlFrames;
    /** Bounds the messages here and the ping/pong callbacks waiting in {@link #callbacks}, together. */
    private final InboundBudget budget;
    /** The application's ping and pong callbacks, run in order on workers. */
    private final SerialQueue callbacks;

    private WebSocketException failure;
    private boolean ended;
    private int closeCode;
    private String closeReason = "";
    private boolean closedLocally;

    /** Where pings and pongs go when the application handles them. */
    public interface ControlFrames {
        boolean answersPings();

        void onPing(byte[] payload);

        void onPong(byte[] payload);
    }

    /**
     * @param capacity      messages and callbacks that may wait before reading pauses
     * @param maxBytes      bytes of messages that may wait before reading pauses
     * @param controlFrames where pings and pongs go; called on workers, one at a time, in arrival order
     */
    public ClientInbox(int capacity, long maxBytes, ControlFrames controlFrames) {
        this.controlFrames = controlFrames;
        this.budget = new InboundBudget(capacity, maxBytes);
        this.callbacks = new SerialQueue(Workers.executor(), budget);
    }

    /** The handler whose reading pauses while the budget is spent. */
    public void readsFrom(ConnectionHandler handler) {
        budget.pauses(handler);
    }

    /** What a message counts for in the budget: the same when it is added and when it is taken. */
    private static long sizeOf(Object message) {
        return message instanceof byte[] bytes ? bytes.length : ((String) message).length();
    }

    // ---- event loop ----

    @Override
    public void onOpen() {
        // Nothing to report: the constructor of Client returns once the handshake is done.
    }

    @Override
    public void onText(ByteBuf utf8) {
        String text;
        try {
            text = utf8.toString(StandardCharsets.UTF_8);
        } finally {
            utf8.release();
        }
        add(text);
    }

    @Override
    public void onBinary(ByteBuf data) {
        byte[] bytes;
        try {
            bytes = ArrayMessage.bytesOf(data);
        } finally {
            data.release();
        }
        add(bytes);
    }

    private void add(Object message) {
        budget.admitted(sizeOf(message));
        lock.lock();
        try {
            if (closedLocally) {
                // The application closed the client: nobody will read this.
                budget.taken(sizeOf(message));
                return;
            }
            messages.add(message);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean answersPings() {
        return controlFrames.answersPings();
    }

    @Override
    public void onPing(byte[] payload) {
        callbacks.submit(() -> controlFrames.onPing(payload));
    }

    @Override
    public void onPong(byte[] payload) {
        callbacks.submit(() -> controlFrames.onPong(payload));
    }

    @Override
    public void onIdleTimeout() {
        // Clients have no idle timeout.
    }

    /**
     * The failure waits in the queue behind the messages already here: a read that reaches it runs it (the close
     * frame goes out then, after whatever the application wrote in answer to those messages) and then reports it.
     */
    @Override
    public void afterDeliveredEvents(Runnable failure) {
        lock.lock();
        try {
            if (messages.isEmpty() || closedLocally) {
                failure.run();
                return;
            }
            messages.add(new PendingFailure(failure));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A protocol violation waiting its turn in {@link #messages}. */
    private record PendingFailure(Runnable failure) {
    }

    @Override
    public void onError(WebSocketException error) {
        if (error.getCause() instanceof java.nio.channels.ClosedChannelException) {
            // A write still queued when the channel closed, failed by the close: not what broke the connection. The
            // close is reported on its own (its code, a write timeout, or the I/O error that caused it, which comes
            // first).
            return;
        }
        lock.lock();
        try {
            if (failure == null && !ended) {
                failure = error;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onClose(int statusCode, String reason) {
        lock.lock();
        try {
            ended = true;
            closeCode = statusCode;
            closeReason = reason;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- readers ----

    /**
     * This client started closing: reads that find no message fail at once instead of waiting, and later messages
     * are dropped. (Once the close frame is written the connection reads on, whatever the budget, until the server's
     * close frame arrives.)
     */
    public void closedLocally() {
        lock.lock();
        try {
            closedLocally = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next message if it is of {@code kind}.
     *
     * @param timeout zero waits forever
     * @throws WebSocketException            when the next message is of the other kind (it stays queued)
     * @throws ReadTimeoutException          when nothing arrived in time (the connection stays usable)
     * @throws ConnectionClosureException    when the connection ended and every message was read
     */
    public Object take(Kind kind, Duration timeout, String timeoutSetting) {
        return next(kind, timeout, timeoutSetting, true);
    }

    /**
     * Takes the next message of {@code kind} as {@code convert} makes it (a typed read). The conversion runs outside
     * the inbox's lock, on the reader's thread; when it throws, the message stays queued for the next read, as a
     * message of the wrong kind does.
     *
     * @throws RuntimeException whatever {@code convert} throws; otherwise as {@link #take(Kind, Duration, String)}
     */
    public <R> R take(Kind kind, Duration timeout, String timeoutSetting, Function<Object, R> convert) {
        for (;;) {
            Object head = next(kind, timeout, timeoutSetting, false);
            R converted = convert.apply(head);
            lock.lock();
            try {
                if (messages.peek() == head) {
                    messages.poll();
                    budget.taken(sizeOf(head));
                    return converted;
                }
                // Another reader took it meanwhile: convert the next one.
            } finally {
                lock.unlock();
            }
        }
    }

    /** The next message of {@code kind}, waiting for it; removed from the queue when {@code remove}. */
    private Object next(Kind kind, Duration timeout, String timeoutSetting, boolean remove) {
        long deadline = SaturatingDurations.deadline(System.nanoTime(), timeout);
        lock.lock();
        try {
            for (;;) {
                Object head = messages.peek();
                if (head instanceof PendingFailure pending) {
                    // Every message before the violation was read: fail now, and report it once it is done.
                    messages.poll();
                    pending.failure().run();
                    continue;
                }
                if (head != null) {
                    checkKind(kind, head);
                    if (remove) {
                        messages.poll();
                        budget.taken(sizeOf(head));
                    }
                    return head;
                }
                if (failure != null) {
                    WebSocketException error = failure;
                    failure = null;
                    throw error;
                }
                if (ended || closedLocally) {
                    throw closure();
                }
                if (timeout.isZero()) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new ReadTimeoutException("no message arrived within " + timeout + " ("
                                + timeoutSetting + "); the connection is still open");
                    }
                    changed.awaitNanos(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebSocketException("interrupted while waiting for a message", e);
        } finally {
            lock.unlock();
        }
    }

    private static void checkKind(Kind kind, Object head) {
        if (kind == Kind.TEXT && !(head instanceof String)) {
            throw new WebSocketException("expected a text message but the next message is binary ("
                    + ((byte[]) head).length + " bytes); it stays queued for readBinaryMessage or readMessage");
        }
        if (kind == Kind.BINARY && !(head instanceof byte[])) {
            throw new WebSocketException("expected a binary message but the next message is text ("
                    + ((String) head).length() + " characters); it stays queued for readTextMessage or readMessage");
        }
    }

    private ConnectionClosureException closure() {
        if (!ended) {
            return new ConnectionClosureException("the connection is closing: this client sent a close frame");
        }
        String who = closedLocally ? "closed" : closeCode == WebSocketProtocol.CLOSE_ABNORMAL
                ? "dropped without a close frame" : "closed by the server";
        return new ConnectionClosureException("the connection was " + who + ": " + closeCode
                + (closeReason.isEmpty() ? "" : " " + closeReason), closeCode, closeReason);
    }

    /**
     * Takes the I/O failure that broke the connection if no read has reported it yet, or returns {@code null}. A write
     * returns once its message is queued, so a write that fails afterwards (or a connection that breaks before its
     * bytes left) can only be reported by a later call: the next read reports it in its place after the messages that
     * came before it; a write or close that finds the connection gone reports it here. Protocol violations by the
     * server are not I/O failures: they stay for the reads. Once taken, reads go on to the closure.
     */
    public ConnectionException takeUnreportedFailure() {
        lock.lock();
        try {
            if (failure instanceof ConnectionException io && !(failure instanceof ConnectionClosureException)) {
                failure = null;
                return io;
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the connection ended without a close frame and not because this client closed it. */
    public boolean endedAbnormally() {
        lock.lock();
        try {
            return ended && !closedLocally && closeCode == WebSocketProtocol.CLOSE_ABNORMAL;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the connection to end. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lock();
        try {
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
