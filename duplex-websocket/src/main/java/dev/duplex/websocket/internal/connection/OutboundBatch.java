package dev.duplex.websocket.internal.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames a connection's workers sent, on their way to the event loop. A write from a worker appends its frame
 * here; the first frame of a batch also schedules one event-loop task at once, which writes every frame queued by
 * then and flushes once. Replies are never held back (the task is scheduled with the first frame), yet a burst of
 * replies written while the event loop is busy costs one task, one wake-up and one system call instead of one each.
 *
 * <p>Thread safety: {@link #add} from any thread, in the order the frames must go on the wire (the connection calls
 * it under its lock); {@link #run}, {@link #writeQueued} and {@link #discard} on the channel's event loop only (or,
 * for {@link #discard}, once the event loop has stopped).
 */
final class OutboundBatch implements Runnable {
    private final Channel channel;
    /** Called on the event loop after a batch left for the channel, to wake writers waiting for room. */
    private final Runnable written;
    /**
     * Made by the first {@link #add} (under the connection's lock, so by one thread), with room for 16 frames at first:
     * a connection whose writes all come from its event loop never needs one, and the default queue's first chunk of
     * 1,024 slots (about 4 KiB) would stay with every connection, idle or not. Volatile: read on the event loop.
     */
    private volatile Queue<ByteBuf> frames;
    /** Bytes of the frames queued here and not yet handed to the channel: part of the outbound buffer's fill. */
    private final AtomicLong bytes = new AtomicLong();
    /** Whether a {@link #run} is scheduled or running that will see a frame added now. */
    private final AtomicBoolean scheduled = new AtomicBoolean();

    OutboundBatch(Channel channel, Runnable written) {
        this.channel = channel;
        this.written = written;
    }

    /** Any thread: queues {@code frame} behind those queued before it; the event loop writes it soon. */
    void add(ByteBuf frame) {
        Queue<ByteBuf> queue = frames;
        if (queue == null) {
            queue = PlatformDependent.newMpscQueue(16, 1 << 30);
            frames = queue;
        }
        bytes.addAndGet(frame.readableBytes());
        queue.offer(frame);
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this);
            } catch (RejectedExecutionException loopShutDown) {
                // The event loop has stopped, and the channel with it: nothing will take the frames any more.
                discard();
            }
        }
    }

    /** Bytes queued and not yet handed to the channel. */
    long bytes() {
        return bytes.get();
    }

    /**
     * Event loop: hands every queued frame to the channel without flushing; the caller writes its own frame after
     * them and flushes. Keeps the order when the event loop itself sends while workers' frames wait here.
     */
    void writeQueued() {
        Queue<ByteBuf> queue = frames;
        if (queue == null || queue.isEmpty()) {
            return;
        }
        writeAll();
        written.run();
    }

    /** Event loop: writes the batch and flushes it once. */
    @Override
    public void run() {
        do {
            writeAll();
            // From here on, a frame added schedules a new run; one added before is seen by the check below. Looping
            // here rather than scheduling again keeps frames ahead of any task their writer queued after them (a
            // close of the channel, say).
            scheduled.set(false);
        } while (!frames.isEmpty() && scheduled.compareAndSet(false, true)); // run() follows an add: frames is set
        channel.flush();
        written.run();
    }

    private void writeAll() {
        long sum = 0;
        ByteBuf frame;
        Queue<ByteBuf> queue = frames;
        while ((frame = queue.poll()) != null) {
            sum += frame.readableBytes();
            // A closed channel fails the write and releases the frame.
            channel.write(frame, channel.voidPromise());
        }
        bytes.addAndGet(-sum);
    }

    /** Event loop, or any thread once it stopped: the channel is gone; frees the frames still queued. */
    void discard() {
        Queue<ByteBuf> queue = frames;
        if (queue == null) {
            return;
        }
        long sum = 0;
        ByteBuf frame;
        while ((frame = queue.poll()) != null) {
            sum += frame.readableBytes();
            frame.release();
        }
        bytes.addAndGet(-sum);
    }
}
