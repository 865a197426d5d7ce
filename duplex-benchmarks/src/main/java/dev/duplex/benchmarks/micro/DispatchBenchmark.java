package dev.duplex.benchmarks.micro;

import dev.duplex.benchmarks.load.ClientFrames;
import dev.duplex.websocket.Caller;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * One message echoed by a service with {@link DispatchMode#EVENT_LOOP}, per operation: a masked client frame read by
 * the connection's real pipeline ({@link ServerPipeline}: frame rules, unmasking, UTF-8, the service dispatcher), the
 * service method called with the {@code String} or {@code byte[]}, its reply encoded by the connection, and the
 * echoed frame taken from the channel at the end of the read batch. No socket: what remains is the library's own
 * cost per message on the event loop.
 *
 * <p>{@code reply}: {@code returns} — the method returns the message (sent as its reply, spec §3.2.3);
 * {@code writes} — the method calls {@link Caller#writeTextMessage} / {@link Caller#writeBinaryMessage}, as
 * the load test's echo does. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the allocation per message,
 * to be compared with the payload the method receives (a 64-byte ASCII {@code String} is 24 + 16 + 64 = 104 bytes,
 * a 64-byte {@code byte[]} 80). The benchmark thread is a Netty {@code FastThreadLocalThread}, as an event loop's
 * ({@link EventLoopThreads}): elsewhere Netty does not recycle its per-write objects.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {EventLoopThreads.JMH_EXECUTOR, EventLoopThreads.JMH_EXECUTOR_CLASS})
public class DispatchBenchmark {
    @Param({"returns", "writes"})
    String reply;

    @Param({"text", "binary"})
    String kind;

    @Param({"64", "16384"})
    int size;

    private ByteBuf in;
    private ServerPipeline pipeline;

    /** Echoes by returning what arrived. */
    public static final class ReturningEcho implements Service {
        public String onTextMessage(Caller caller, String text) {
            return text;
        }

        public byte[] onBinaryMessage(Caller caller, byte[] data) {
            return data;
        }
    }

    /** Echoes by writing what arrived. */
    public static final class WritingEcho implements Service {
        public void onTextMessage(Caller caller, String text) {
            caller.writeTextMessage(text);
        }

        public void onBinaryMessage(Caller caller, byte[] data) {
            caller.writeBinaryMessage(data);
        }
    }

    @Setup
    public void setUp() {
        boolean text = kind.equals("text");
        byte[] payload = text ? ClientFrames.asciiText(size) : ClientFrames.binary(size);
        // The all-zero key leaves the input unchanged, so the same buffer is read again every time (see DecodeChain).
        // From the allocator the event loop reads with (Netty 4.2's default, the adaptive one), as a read would be.
        byte[] frame = ClientFrames.encode(text ? ClientFrames.OPCODE_TEXT : ClientFrames.OPCODE_BINARY, true,
                payload, 0);
        in = ByteBufAllocator.DEFAULT.directBuffer(frame.length).writeBytes(frame);
        Service service = switch (reply) {
            case "returns" -> new ReturningEcho();
            case "writes" -> new WritingEcho();
            default -> throw new IllegalArgumentException("reply must be returns or writes, not " + reply);
        };
        pipeline = new ServerPipeline(service, WsServiceConfig.builder().dispatchMode(DispatchMode.EVENT_LOOP).build());
    }

    @TearDown
    public void tearDown() {
        pipeline.close();
        in.release();
    }

    /** One message in, its echo out; returns the echoed frame's size. */
    @Benchmark
    public int echo() {
        ByteBuf echoed = echoFrame();
        int n = echoed.readableBytes();
        echoed.release();
        return n;
    }

    /** The echoed frame of one message; the caller releases it. For the test that checks the operation. */
    ByteBuf echoFrame() {
        in.readerIndex(0);
        return pipeline.exchange(in);
    }
}
