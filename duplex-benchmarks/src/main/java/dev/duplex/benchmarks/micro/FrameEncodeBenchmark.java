package dev.duplex.benchmarks.micro;

import dev.duplex.benchmarks.load.ClientFrames;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one message into its frame(s) with {@link FrameWriter}, per operation: what {@code Caller.write*} costs
 * before the channel. Server frames (unmasked) from a {@code String} and a {@code byte[]}, and client frames (masked
 * with a fresh key). The default {@code maxFrameSize} (64 KiB) applies, so 1 MiB messages are fragmented.
 *
 * <p>{@code textPayloadNetty} and {@code textPayloadJdk} compare the two ways to put a {@code String}'s UTF-8 into a
 * pooled buffer: Netty's {@code utf8Bytes} + {@code reserveAndWriteUtf8} (what {@code FrameWriter.text} does, no
 * intermediate array) against the JDK's {@code getBytes(UTF_8)} (vectorised for compact strings) + one copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameEncodeBenchmark {
    @Param({"64", "16384", "1048576"})
    int size;

    /**
     * {@code adaptive}: Netty 4.2's default (the channels' allocator, what the servers use), which gives buffers over
     * 1 MiB memory of their own; {@code pooled}: the classic arenas.
     */
    @Param({"adaptive", "pooled"})
    String allocator;

    private String text;
    private byte[] data;
    private FrameWriter server;
    private FrameWriter client;

    @Setup
    public void setUp() {
        text = new String(ClientFrames.asciiText(size), StandardCharsets.US_ASCII);
        data = ClientFrames.binary(size);
        ByteBufAllocator buffers = allocator.equals("pooled") ? PooledByteBufAllocator.DEFAULT
                : new AdaptiveByteBufAllocator();
        server = new FrameWriter(buffers, false, WsServiceConfig.DEFAULT_MAX_FRAME_SIZE);
        client = new FrameWriter(buffers, true, WsServiceConfig.DEFAULT_MAX_FRAME_SIZE);
    }

    @Benchmark
    public int serverText() {
        return releaseAndCount(server.text(text));
    }

    @Benchmark
    public int serverBinary() {
        return releaseAndCount(server.binary(data));
    }

    @Benchmark
    public int clientBinaryMasked() {
        return releaseAndCount(client.binary(data));
    }

    @Benchmark
    public int textPayloadNetty() {
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer(length);
        ByteBufUtil.reserveAndWriteUtf8(out, text, length);
        return releaseAndCount(out);
    }

    @Benchmark
    public int textPayloadJdk() {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer(utf8.length);
        out.writeBytes(utf8);
        return releaseAndCount(out);
    }

    private static int releaseAndCount(ByteBuf frames) {
        int n = frames.readableBytes();
        frames.release();
        return n;
    }
}
