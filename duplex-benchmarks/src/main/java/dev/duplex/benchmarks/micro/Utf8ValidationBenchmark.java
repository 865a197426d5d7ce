package dev.duplex.benchmarks.micro;

import dev.duplex.benchmarks.load.ClientFrames;
import dev.duplex.websocket.internal.protocol.Utf8Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checking that a text payload is valid UTF-8: the incremental {@link Utf8Validator} against a strict JDK
 * {@link CharsetDecoder} (errors reported, not replaced) decoding into a reused buffer, the check a library without
 * its own validator would make. Pure ASCII and text mixing 1- to 4-byte sequences.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Utf8ValidationBenchmark {
    @Param({"ascii", "mixed"})
    String content;

    @Param({"64", "16384"})
    int size;

    private ByteBuf buf;
    private int length;
    private final Utf8Validator validator = new Utf8Validator();
    private CharsetDecoder decoder;
    private ByteBuffer nioView;
    private CharBuffer chars;

    @Setup
    public void setUp() {
        byte[] bytes = content.equals("ascii") ? ClientFrames.asciiText(size) : ClientFrames.mixedText(size);
        length = bytes.length;
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        buf.writeBytes(bytes);
        decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        nioView = buf.nioBuffer(0, length);
        chars = CharBuffer.allocate(length);
        if (!utf8Validator() || !charsetDecoderBaseline()) {
            throw new IllegalStateException("test text is not valid UTF-8");
        }
    }

    @TearDown
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public boolean utf8Validator() {
        validator.reset();
        return validator.update(buf, 0, length) && validator.isComplete();
    }

    @Benchmark
    public boolean charsetDecoderBaseline() {
        decoder.reset();
        nioView.clear();
        chars.clear();
        return !decoder.decode(nioView, chars, true).isError() && !decoder.flush(chars).isError();
    }
}
