package dev.duplex.benchmarks.micro;

import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.binding.MessageBinder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON binding of a small record, per operation: {@code bind} turns a text message into the record as a service's
 * {@code onMessage(Caller, Order)} receives it ({@link MessageBinder#fromText} with the default service
 * configuration's codec, {@code JacksonCodec.DEFAULT}, and its validation setting), {@code encode} turns the record
 * into the text a returned value or {@code Caller.writeMessage} sends ({@link MessageBinder#encode}). The
 * {@code jackson*} baselines do the same with a bare Jackson {@link JsonMapper}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BindingBenchmark {
    /** A small message: six fields of the common kinds. */
    public record Order(long id, String symbol, String side, int quantity, double price, boolean limit) {
    }

    static final String JSON =
            "{\"id\":1234567,\"symbol\":\"ACME\",\"side\":\"buy\",\"quantity\":250,\"price\":101.25,\"limit\":true}";

    private MessageBinder binder;
    private JsonMapper mapper;
    private Order order;

    @Setup
    public void setUp() {
        binder = new MessageBinder(WsServiceConfig.DEFAULT.codec(), WsServiceConfig.DEFAULT.validation());
        mapper = JsonMapper.builder().build();
        order = new Order(1234567, "ACME", "buy", 250, 101.25, true);
    }

    @Benchmark
    public Object bind() {
        return binder.fromText(JSON, Order.class);
    }

    @Benchmark
    public String encode() {
        return binder.encode(order).text();
    }

    @Benchmark
    public Object jacksonBind() {
        return mapper.readValue(JSON, Order.class);
    }

    @Benchmark
    public String jacksonEncode() {
        return mapper.writeValueAsString(order);
    }
}
