package dev.duplex.benchmarks.micro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The operations {@link BindingBenchmark} measures bind and encode the record correctly. */
class BindingBenchmarkTest {
    private final BindingBenchmark benchmark = new BindingBenchmark();

    BindingBenchmarkTest() {
        benchmark.setUp();
    }

    @Test
    void bindsTheMessageToTheRecordAsTheBareMapperDoes() {
        var expected = new BindingBenchmark.Order(1234567, "ACME", "buy", 250, 101.25, true);
        assertThat(benchmark.bind()).isEqualTo(expected);
        assertThat(benchmark.jacksonBind()).isEqualTo(expected);
    }

    @Test
    void encodesTheRecordToTheTextItWasBoundFrom() {
        assertThat(benchmark.encode()).isEqualTo(BindingBenchmark.JSON);
        assertThat(benchmark.jacksonEncode()).isEqualTo(BindingBenchmark.JSON);
    }
}
