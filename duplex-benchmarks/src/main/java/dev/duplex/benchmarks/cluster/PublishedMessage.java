package dev.duplex.benchmarks.cluster;

/**
 * The text a publisher broadcasts: a phase letter, then the {@link System#nanoTime()} at which the message was due in
 * the publisher's process (the subscribers run in the same process, so the clocks agree), a space and padding up to
 * the message size.
 */
final class PublishedMessage {
    static final char PROBE = 'p';
    static final char WARMUP = 'w';
    static final char MEASURED = 'm';

    private PublishedMessage() {
    }

    /** The message of {@code phase}, due at {@code dueNanos}, padded with {@code x} to {@code size} characters. */
    static String of(char phase, long dueNanos, int size) {
        var text = new StringBuilder(size).append(phase).append(dueNanos).append(' ');
        while (text.length() < size) {
            text.append('x');
        }
        return text.toString();
    }

    static char phaseOf(String text) {
        return text.isEmpty() ? ' ' : text.charAt(0);
    }

    static long dueNanos(String text) {
        return Long.parseLong(text, 1, text.indexOf(' '), 10);
    }
}
