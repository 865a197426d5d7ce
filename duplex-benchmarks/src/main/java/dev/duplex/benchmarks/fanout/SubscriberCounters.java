package dev.duplex.benchmarks.fanout;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The subscribers' shared state: how many upgraded or failed, the open channels, the slots that bound the handshakes
 * in progress, and what went wrong (failed upgrades, frames that were not the expected message).
 *
 * <p>Thread safety: atomics, written by the event loops and read by the generator's thread.
 */
final class SubscriberCounters {
    /** Handshakes in progress at once at most, so the server's accept backlog never overflows. */
    static final int HANDSHAKES_IN_PROGRESS = 256;

    final Semaphore handshakeSlots = new Semaphore(HANDSHAKES_IN_PROGRESS);
    final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger upgraded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    void upgraded(Channel channel) {
        channels.add(channel);
        upgraded.incrementAndGet();
        handshakeSlots.release();
    }

    void failed(String problem) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, problem);
        handshakeSlots.release();
    }

    void unexpected(String what) {
        unexpected.incrementAndGet();
        firstError.compareAndSet(null, what);
    }

    int upgraded() {
        return upgraded.get();
    }

    int failed() {
        return failed.get();
    }

    /** Upgraded subscribers whose connection has ended since. */
    int closed() {
        return upgraded.get() - channels.size();
    }

    int unexpected() {
        return unexpected.get();
    }

    String firstError() {
        return firstError.get();
    }
}
