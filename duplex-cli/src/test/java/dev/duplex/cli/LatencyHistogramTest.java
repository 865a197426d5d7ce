package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    /** The exact value at {@code quantile} of sorted samples, by the same nearest-rank rule as the histogram. */
    private static long exact(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void assertQuantilesWithin2Percent(long[] samples) {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long sample : samples) {
            histogram.record(sample);
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        for (double quantile : new double[] {0.0, 0.10, 0.50, 0.90, 0.99, 0.999, 1.0}) {
            long expected = exact(sorted, quantile);
            assertThat((double) histogram.valueAt(quantile))
                    .as("quantile %s", quantile)
                    .isCloseTo(expected, within(Math.max(1.0, expected * 0.02)));
        }
    }

    @Test
    void givesQuantilesOfAUniformDistributionWithin2Percent() {
        long[] samples = new long[100_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 1_000 + i * 10L;
        }
        assertQuantilesWithin2Percent(samples);
    }

    @Test
    void givesQuantilesOfAnExponentialDistributionWithin2Percent() {
        Random random = new Random(42);
        long[] samples = new long[200_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) (-Math.log(1 - random.nextDouble()) * 250_000);
        }
        assertQuantilesWithin2Percent(samples);
    }

    @Test
    void givesQuantilesOfALogNormalDistributionSpanningMicrosecondsToSecondsWithin2Percent() {
        Random random = new Random(7);
        long[] samples = new long[200_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) Math.exp(13 + 2.5 * random.nextGaussian());
        }
        assertQuantilesWithin2Percent(samples);
    }

    @Test
    void keepsSmallValuesExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long value = 0; value < 64; value++) {
            histogram.record(value);
        }
        assertThat(histogram.valueAt(0.5)).isEqualTo(31);
        assertThat(histogram.valueAt(1.0)).isEqualTo(63);
    }

    @Test
    void neverReportsMoreThanTheLargestValueRecorded() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(1_000_001);

        assertThat(histogram.valueAt(0.5)).isEqualTo(1_000_001);
        assertThat(histogram.valueAt(1.0)).isEqualTo(1_000_001);
    }

    @Test
    void reportsZeroWhenEmpty() {
        assertThat(new LatencyHistogram().valueAt(0.99)).isZero();
    }

    @Test
    void countsNegativeValuesAsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-5);

        assertThat(histogram.count()).isEqualTo(1);
        assertThat(histogram.valueAt(1.0)).isZero();
    }

    @Test
    void mergesLikeOneHistogramOfAllTheSamples() {
        LatencyHistogram first = new LatencyHistogram();
        LatencyHistogram second = new LatencyHistogram();
        LatencyHistogram both = new LatencyHistogram();
        Random random = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            long value = 10_000 + random.nextInt(5_000_000);
            (i % 2 == 0 ? first : second).record(value);
            both.record(value);
        }

        first.add(second);

        assertThat(first.count()).isEqualTo(10_000);
        for (double quantile : new double[] {0.5, 0.99, 0.999, 1.0}) {
            assertThat(first.valueAt(quantile)).isEqualTo(both.valueAt(quantile));
        }
    }

    @Test
    void handlesTheLargestLatency() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Long.MAX_VALUE);

        assertThat(histogram.valueAt(1.0)).isEqualTo(Long.MAX_VALUE);
    }
}
