package dev.duplex.benchmarks.fanout;

import dev.duplex.benchmarks.load.ClientFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The generator's control connection: sends {@link FanoutCommand}s as masked text frames and hands the server's text
 * answers, in order, to the generator's thread.
 *
 * <p>Thread safety: the frame handling runs on the channel's event loop; {@link #ask} from one other thread.
 */
final class ControlConnection extends UpgradingConnection {
    private static final int OPCODE_TEXT = 0x1;

    /** Completed on the event loop when the upgrade ends, well or not. */
    final CompletableFuture<ChannelHandlerContext> ready = new CompletableFuture<>();
    /** Answers not yet taken: filled by the event loop, drained by {@link #ask}. */
    private final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();

    ControlConnection(String host, int port) {
        super(host, port);
    }

    @Override
    void onUpgraded(ChannelHandlerContext ctx) {
        ready.complete(ctx);
    }

    @Override
    void onUpgradeFailed(String problem) {
        ready.completeExceptionally(new IllegalStateException("control connection: " + problem));
    }

    @Override
    void onFrame(ChannelHandlerContext ctx, int opcode, ByteBuf frame, int payloadStart, int length) {
        if (opcode == OPCODE_TEXT) {
            answers.add(frame.toString(payloadStart, length, StandardCharsets.UTF_8));
        }
    }

    /**
     * Sends {@code command} and returns the server's answer.
     *
     * @throws IllegalStateException when none came within {@code timeout}
     */
    String ask(FanoutCommand command, Duration timeout) throws InterruptedException {
        ChannelHandlerContext ctx = ready.join();
        byte[] text = command.toString().getBytes(StandardCharsets.UTF_8);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ClientFrames.encode(ClientFrames.OPCODE_TEXT, true, text,
                ThreadLocalRandom.current().nextInt())));
        String answer = answers.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (answer == null) {
            throw new IllegalStateException("no answer to '" + command + "' within " + timeout);
        }
        return answer;
    }
}
