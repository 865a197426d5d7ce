package dev.duplex.benchmarks.micro;

import dev.duplex.benchmarks.load.ClientFrames;
import io.netty.buffer.ByteBuf;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one masked client frame into one message, per operation: {@code decode} is the protocol path alone
 * (frame rules, unmasking, UTF-8 for text, the message as a retained slice); {@code decodeToServiceArgument} adds
 * the copy into the {@code String} or {@code byte[]} a service method receives. Run with {@code -prof gc} for the
 * allocation per message ({@code gc.alloc.rate.norm}). The benchmark thread is a Netty {@code FastThreadLocalThread},
 * as the event loop's ({@link EventLoopThreads}), and the input comes from the allocator the event loop reads with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {EventLoopThreads.JMH_EXECUTOR, EventLoopThreads.JMH_EXECUTOR_CLASS})
public class FrameDecodeBenchmark {
    @Param({"text", "binary"})
    String kind;

    @Param({"64", "16384", "1048576"})
    int size;

    private ByteBuf in;
    private DecodeChain protocolOnly;
    private DecodeChain withArgument;

    @Setup
    public void setUp() {
        boolean text = kind.equals("text");
        byte[] payload = text ? ClientFrames.asciiText(size) : ClientFrames.binary(size);
        in = DecodeChain.input(ClientFrames.encode(text ? ClientFrames.OPCODE_TEXT : ClientFrames.OPCODE_BINARY,
                true, payload, 0));
        protocolOnly = new DecodeChain(false);
        withArgument = new DecodeChain(true);
    }

    @TearDown
    public void tearDown() {
        in.release();
    }

    @Benchmark
    public long decode() {
        return protocolOnly.decode(in);
    }

    @Benchmark
    public Object decodeToServiceArgument() {
        withArgument.decode(in);
        return withArgument.lastArgument;
    }
}
