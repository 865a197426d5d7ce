package dev.duplex.benchmarks.load;

/**
 * The timeline of one run, in {@link System#nanoTime()}: messages echoed in {@code [measureStart, measureEnd)} are
 * counted; no message is sent from {@code measureEnd} on. Immutable; handed to every connection when it starts.
 */
record LoadWindow(long measureStart, long measureEnd) {
    boolean measures(long now) {
        return now >= measureStart && now < measureEnd;
    }

    boolean over(long now) {
        return now >= measureEnd;
    }
}
