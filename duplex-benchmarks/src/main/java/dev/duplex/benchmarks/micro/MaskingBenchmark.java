package dev.duplex.benchmarks.micro;

import dev.duplex.websocket.internal.protocol.Masking;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
 * Unmasking a payload in place (RFC 6455 §5.3): {@link Masking#apply} (eight bytes at a time) against the obvious
 * byte-at-a-time loop written here as the baseline. Both work on the same pooled direct buffer the event loop reads
 * into. XOR is its own inverse, so masking the same buffer again and again costs the same every time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {
    @Param({"64", "1024", "16384", "1048576"})
    int size;

    private ByteBuf buf;
    private final int maskKey = 0x37FA213D;
    private final byte[] keyBytes = {0x37, (byte) 0xFA, 0x21, 0x3D};

    @Setup
    public void setUp() {
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(size);
        buf.writeBytes(new byte[size]);
    }

    @TearDown
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public ByteBuf wideWords() {
        Masking.apply(buf, 0, size, maskKey, 0);
        return buf;
    }

    @Benchmark
    public ByteBuf perByteBaseline() {
        for (int i = 0; i < size; i++) {
            buf.setByte(i, buf.getByte(i) ^ keyBytes[i & 3]);
        }
        return buf;
    }
}
