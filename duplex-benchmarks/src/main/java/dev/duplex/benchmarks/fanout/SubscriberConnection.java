package dev.duplex.benchmarks.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.Supplier;

/**
 * One subscriber of the generator. Reading: each text frame is a {@link FanoutMessage}, recorded in the current
 * {@link FanoutBatch} with its receive time; messages of an earlier batch (late warm-up messages) are ignored. The
 * member has the batch when the batch's last message arrives; messages it skipped on the way were dropped for it by
 * the server (they count as not delivered), while one that comes again or out of order is an error.
 * Stalled: right after its upgrade it stops reading (auto-read off; its socket was opened with a small receive
 * buffer), so the server's side of it fills up.
 *
 * <p>Thread safety: owned by the channel's event loop; the shared counters are {@link SubscriberCounters} atomics.
 */
final class SubscriberConnection extends UpgradingConnection {
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CLOSE = 0x8;

    private final boolean stalled;
    private final Supplier<FanoutBatch> currentBatch;
    private final SubscriberCounters counters;
    /** The batch this subscriber is receiving and the sequence expected next in it. */
    private int batchId = -1;
    private int expected;

    SubscriberConnection(String host, int port, boolean stalled, Supplier<FanoutBatch> currentBatch,
                         SubscriberCounters counters) {
        super(host, port);
        this.stalled = stalled;
        this.currentBatch = currentBatch;
        this.counters = counters;
    }

    @Override
    void onUpgraded(ChannelHandlerContext ctx) {
        if (stalled) {
            ctx.channel().config().setAutoRead(false);
        }
        counters.upgraded(ctx.channel());
    }

    @Override
    void onUpgradeFailed(String problem) {
        counters.failed(problem);
    }

    @Override
    void onFrame(ChannelHandlerContext ctx, int opcode, ByteBuf frame, int payloadStart, int length) {
        if (stalled) {
            return;
        }
        if (opcode == OPCODE_CLOSE) {
            // The server is closing this member; the open channels' count shows it.
            return;
        }
        if (opcode != OPCODE_TEXT || length != FanoutMessage.SIZE) {
            counters.unexpected("frame with opcode " + opcode + " and " + length + " bytes");
            return;
        }
        long now = System.nanoTime();
        FanoutBatch batch = currentBatch.get();
        int messageBatch = FanoutMessage.batch(frame, payloadStart);
        if (batch == null || messageBatch != batch.id()) {
            return;
        }
        if (messageBatch != batchId) {
            batchId = messageBatch;
            expected = 0;
        }
        int sequence = FanoutMessage.sequence(frame, payloadStart);
        if (sequence < expected) {
            counters.unexpected("message " + sequence + " of batch " + batchId + " again or out of order, after "
                    + (expected - 1));
            return;
        }
        // A gap (sequence > expected) is a copy the server dropped for this member (a group's slow-member policy):
        // not an error; the delivered share shows it.
        expected = sequence + 1;
        batch.delivered(sequence, FanoutMessage.publishNanos(frame, payloadStart), now);
        if (sequence == batch.count() - 1) {
            batch.memberComplete();
        }
    }
}
