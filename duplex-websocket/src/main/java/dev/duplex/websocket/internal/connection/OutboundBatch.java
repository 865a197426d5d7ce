package dev.duplex.websocket.internal.connection;

import static dev.duplex.websocket.internal.protocol.WebSocketProtocol.PAYLOAD_BYTE_MAX;
import static dev.duplex.websocket.internal.protocol.WebSocketProtocol.PAYLOAD_SHORT_MAX;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * What other threads sent on a connection, on its way to the event loop: encoded frames ({@code ByteBuf}) and
 * {@link OutboundItem}s. A send from another thread appends here; the first item of a batch also schedules one
 * event-loop task at once, which hands every item queued by then to the connection's {@link Writer} and flushes
 * once. Replies are never held back (the task is scheduled with the first item), yet a burst of replies sent while the
 * event loop is busy costs one task, one wake-up and one system call instead of one each.
 *
 * <p>Thread safety: {@link #add} from any thread, in the order the items must go on the wire; {@link #run},
 * {@link #writeQueued} and {@link #discard} on the channel's event loop only (or, for {@link #discard}, once the event
 * loop has stopped).
 */
final class OutboundBatch implements Runnable {
    /** Writes one queued item to the channel, without flushing. Event loop. */
    interface Writer {
        void write(Object item);

        /** The batch was handed to the channel and flushed: writers waiting for room may look again. */
        void written();
    }

    private final Channel channel;
    private final Writer writer;
    /**
     * Made by the first {@link #add}, with room for 16 items at first: a connection whose sends all come from its
     * event loop never needs one, and the default queue's first chunk of 1,024 slots (about 4 KiB) would stay with
     * every connection, idle or not. Volatile: made on a sender's thread, read on the event loop.
     */
    private volatile Queue<Object> items;
    /**
     * Bytes of the items queued here and not yet handed to the channel: part of the outbound buffer's fill. This and
     * {@link #scheduled} are volatile fields with updaters rather than atomics: two objects less per connection.
     */
    private volatile long bytes;
    private static final AtomicLongFieldUpdater<OutboundBatch> BYTES =
            AtomicLongFieldUpdater.newUpdater(OutboundBatch.class, "bytes");
    /** 1 while a {@link #run} is scheduled or running that will see an item added now. */
    private volatile int scheduled;
    private static final AtomicIntegerFieldUpdater<OutboundBatch> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(OutboundBatch.class, "scheduled");

    OutboundBatch(Channel channel, Writer writer) {
        this.channel = channel;
        this.writer = writer;
    }

    /** Any thread: queues {@code item} behind those queued before it. */
    void add(Object item) {
        Queue<Object> queue = items;
        if (queue == null) {
            synchronized (this) {
                queue = items;
                if (queue == null) {
                    queue = PlatformDependent.newMpscQueue(16, 1 << 30);
                    items = queue;
                }
            }
        }
        BYTES.addAndGet(this, sizeOf(item));
        queue.offer(item);
        if (SCHEDULED.compareAndSet(this, 0, 1)) {
            try {
                channel.eventLoop().execute(this);
            } catch (RejectedExecutionException loopShutDown) {
                // The event loop has stopped, and the channel with it: nothing will take the items any more.
                discard();
            }
        }
    }

    /**
     * The bytes an item counts for in the outbound buffer's fill: a frame's length; for a message not yet encoded,
     * its length in chars or bytes plus the header its frame will have. The same on both sides of the queue, so the
     * count returns to zero.
     */
    static long sizeOf(Object item) {
        if (item instanceof ByteBuf frame) {
            return frame.readableBytes();
        }
        if (item instanceof OutboundItem.Text text) {
            return framed(text.text().length());
        }
        if (item instanceof OutboundItem.Binary binary) {
            return framed(binary.data().length);
        }
        if (item instanceof OutboundItem.Awaited awaited) {
            return sizeOf(awaited.item());
        }
        return 0;
    }

    /** A payload's length with its (unmasked) frame header's. */
    private static long framed(int payload) {
        return payload + (payload <= PAYLOAD_BYTE_MAX ? 2 : payload <= PAYLOAD_SHORT_MAX ? 4 : 10);
    }

    /** Bytes queued and not yet handed to the channel. */
    long bytes() {
        return bytes;
    }

    /**
     * Event loop: hands every queued item to the channel without flushing; the caller writes its own frame after
     * them and flushes. Keeps the order when the event loop itself sends while other threads' items wait here.
     */
    void writeQueued() {
        Queue<Object> queue = items;
        if (queue == null || queue.isEmpty()) {
            return;
        }
        writeAll(queue);
        writer.written();
    }

    /** Event loop: writes the batch and flushes it once. */
    @Override
    public void run() {
        Queue<Object> queue = items; // run() follows an add: the queue exists
        do {
            writeAll(queue);
            // From here on, an item added schedules a new run; one added before is seen by the check below. Looping
            // here rather than scheduling again keeps items ahead of any task their sender queued after them.
            scheduled = 0;
        } while (!queue.isEmpty() && SCHEDULED.compareAndSet(this, 0, 1));
        channel.flush();
        writer.written();
    }

    private void writeAll(Queue<Object> queue) {
        long sum = 0;
        Object next;
        while ((next = queue.poll()) != null) {
            sum += sizeOf(next);
            writer.write(next);
        }
        BYTES.addAndGet(this, -sum);
    }

    /** Event loop, or any thread once it stopped: the channel is gone; frees the items still queued. */
    void discard() {
        Queue<Object> queue = items;
        if (queue == null) {
            return;
        }
        long sum = 0;
        Object next;
        while ((next = queue.poll()) != null) {
            sum += sizeOf(next);
            release(next);
        }
        BYTES.addAndGet(this, -sum);
    }

    /** Frees an item that will not be written, failing its writer's wait. */
    static void release(Object item) {
        if (item instanceof OutboundItem.Awaited awaited) {
            release(awaited.item());
            awaited.written().completeExceptionally(new java.nio.channels.ClosedChannelException());
        } else {
            ReferenceCountUtil.release(item);
        }
    }
}
