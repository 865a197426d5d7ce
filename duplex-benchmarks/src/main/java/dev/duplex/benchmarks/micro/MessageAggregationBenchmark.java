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
 * Joining a 64 KiB message sent as 1, 4 or 64 fragments, per operation (one message): the assembler keeps retained
 * slices in a composite buffer rather than copying; {@code assembleToServiceArgument} adds the copy out of the
 * composite into the {@code String} or {@code byte[]} a service receives. Text is checked for UTF-8 across fragment
 * boundaries on the way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {EventLoopThreads.JMH_EXECUTOR, EventLoopThreads.JMH_EXECUTOR_CLASS})
public class MessageAggregationBenchmark {
    private static final int MESSAGE_SIZE = 65536;

    @Param({"text", "binary"})
    String kind;

    @Param({"1", "4", "64"})
    int fragments;

    private ByteBuf in;
    private DecodeChain protocolOnly;
    private DecodeChain withArgument;

    @Setup
    public void setUp() {
        boolean text = kind.equals("text");
        byte[] payload = text ? ClientFrames.mixedText(MESSAGE_SIZE) : ClientFrames.binary(MESSAGE_SIZE);
        in = DecodeChain.input(ClientFrames.encodeFragmented(
                text ? ClientFrames.OPCODE_TEXT : ClientFrames.OPCODE_BINARY, payload, fragments, 0));
        protocolOnly = new DecodeChain(false);
        withArgument = new DecodeChain(true);
    }

    @TearDown
    public void tearDown() {
        in.release();
    }

    @Benchmark
    public long assemble() {
        return protocolOnly.decode(in);
    }

    @Benchmark
    public Object assembleToServiceArgument() {
        withArgument.decode(in);
        return withArgument.lastArgument;
    }
}
