package dev.duplex.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one load run measured over its window. Latencies are from send to the end of the echo, in microseconds.
 * CPU times are in seconds over the window; {@code serverCpuSeconds} is NaN when no server process was given.
 *
 * <p>{@code mode} says what a message is: {@code echo} (closed loop), {@code rate} (open loop: {@code targetRate}
 * messages/s were due, {@code sent} of them in the window, {@code messages} of those echoed, the latency counted
 * from when each was due; {@code maxSendLagMicros} is how late the generator itself sent one) or {@code handshakes}
 * (a message is one open–upgrade–close cycle, its latency the whole cycle).
 *
 * <p>One result is one line: {@code RESULT\tkey=value\t...}, the tags first ({@link #toLine()}, {@link #parse}).
 */
public record LoadResult(
        Map<String, String> tags,
        long messages,
        double seconds,
        long payloadBytes,
        double p50Micros,
        double p99Micros,
        double p999Micros,
        double maxMicros,
        double clientCpuSeconds,
        double serverCpuSeconds,
        int failedConnections,
        String firstError,
        String mode,
        double targetRate,
        long sent,
        double maxSendLagMicros) {

    public static final String MODE_ECHO = "echo";
    public static final String MODE_RATE = "rate";
    public static final String MODE_HANDSHAKES = "handshakes";

    /** A closed-loop ({@code echo}) result. */
    public LoadResult(Map<String, String> tags, long messages, double seconds, long payloadBytes, double p50Micros,
                      double p99Micros, double p999Micros, double maxMicros, double clientCpuSeconds,
                      double serverCpuSeconds, int failedConnections, String firstError) {
        this(tags, messages, seconds, payloadBytes, p50Micros, p99Micros, p999Micros, maxMicros, clientCpuSeconds,
                serverCpuSeconds, failedConnections, firstError, MODE_ECHO, Double.NaN, messages, 0);
    }

    /** Open loop: the rate the generator achieved, echoed messages due in the window per second of it. */
    public double achievedRate() {
        return messagesPerSecond();
    }

    /** Open loop: messages sent in the window that never came back (0 when the server kept up). */
    public long unanswered() {
        return sent - messages;
    }

    public static final String LINE_PREFIX = "RESULT";

    public double messagesPerSecond() {
        return messages / seconds;
    }

    /** Echoed payload, in 10^6 bytes per second. */
    public double megabytesPerSecond() {
        return payloadBytes / seconds / 1e6;
    }

    /** Server CPU time per echoed message in microseconds, or NaN. */
    public double serverCpuMicrosPerMessage() {
        return messages == 0 ? Double.NaN : serverCpuSeconds * 1e6 / messages;
    }

    /** Share of one core the generator used over the window. */
    public double clientCpuShare() {
        return clientCpuSeconds / seconds;
    }

    public String toLine() {
        var fields = new LinkedHashMap<String, String>(tags);
        fields.put("messages", Long.toString(messages));
        fields.put("seconds", format(seconds));
        fields.put("payloadBytes", Long.toString(payloadBytes));
        fields.put("msgPerSec", format(messagesPerSecond()));
        fields.put("mbPerSec", format(megabytesPerSecond()));
        fields.put("p50us", format(p50Micros));
        fields.put("p99us", format(p99Micros));
        fields.put("p999us", format(p999Micros));
        fields.put("maxus", format(maxMicros));
        fields.put("clientCpuSec", format(clientCpuSeconds));
        fields.put("serverCpuSec", format(serverCpuSeconds));
        fields.put("failedConnections", Integer.toString(failedConnections));
        fields.put("firstError", firstError == null ? "-" : firstError.replaceAll("\\s+", " "));
        fields.put("mode", mode);
        fields.put("targetRate", format(targetRate));
        fields.put("sent", Long.toString(sent));
        fields.put("maxSendLagUs", format(maxSendLagMicros));
        var line = new StringBuilder(LINE_PREFIX);
        fields.forEach((k, v) -> line.append('\t').append(k).append('=').append(v));
        return line.toString();
    }

    /** The fields of a {@link #toLine()} line, tags included. */
    public static Map<String, String> parse(String line) {
        if (!line.startsWith(LINE_PREFIX + "\t")) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        var fields = new LinkedHashMap<String, String>();
        for (String field : line.substring(LINE_PREFIX.length() + 1).split("\t")) {
            int eq = field.indexOf('=');
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return fields;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** A human-readable summary. */
    public String summary() {
        String base = echoSummary();
        if (MODE_RATE.equals(mode)) {
            return base + String.format(Locale.ROOT, "; open loop: target %,.0f msg/s, achieved %,.0f msg/s, %,d sent"
                    + " in the window, %,d of them unanswered, generator sent at most %.0f us late",
                    targetRate, achievedRate(), sent, unanswered(), maxSendLagMicros);
        }
        if (MODE_HANDSHAKES.equals(mode)) {
            return base.replace("messages in", "handshakes (open, upgrade, close) in").replace("msg/s", "handshakes/s")
                    .replace("us/msg", "us/handshake");
        }
        return base;
    }

    private String echoSummary() {
        return String.format(Locale.ROOT,
                "%s: %,d messages in %.1f s = %,.0f msg/s, %.1f MB/s; latency p50 %.0f us, p99 %.0f us, p99.9 %.0f us,"
                        + " max %.0f us; generator CPU %.0f%% of a core; server CPU %s%s",
                tags, messages, seconds, messagesPerSecond(), megabytesPerSecond(), p50Micros, p99Micros, p999Micros,
                maxMicros, 100 * clientCpuShare(),
                Double.isNaN(serverCpuSeconds) ? "n/a" : String.format(Locale.ROOT, "%.0f%% of a core, %.2f us/msg",
                        100 * serverCpuSeconds / seconds, serverCpuMicrosPerMessage()),
                failedConnections == 0 ? "" : "; " + failedConnections + " connections failed, first: " + firstError);
    }
}
