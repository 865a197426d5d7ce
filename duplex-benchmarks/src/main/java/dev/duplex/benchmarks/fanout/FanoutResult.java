package dev.duplex.benchmarks.fanout;

import dev.duplex.benchmarks.load.LoadResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one fan-out run measured over its measured batch, at the reading subscribers (stalled ones are left out).
 * {@code seconds} runs from the first message's publish time to the last delivery (or to the timeout); the last-member times are, per
 * message that reached every reading subscriber, the longest any of them waited for it (receive minus publish time),
 * their p50, p99 and max over those messages, in microseconds.
 *
 * <p>One result is one line: {@code RESULT\tkey=value\t...}, the tags first ({@link #toLine()};
 * {@link LoadResult#parse} reads it).
 *
 * @param tags               the run's tags
 * @param subscribers        subscribers that upgraded
 * @param stalled            of them, how many stopped reading
 * @param messages           messages published in the measured batch
 * @param deliveries         messages received by reading subscribers
 * @param seconds            first publish to last delivery (to when the generator gave up, when a reading
 *                           subscriber did not get the whole batch within the timeout)
 * @param lastMemberP50Micros p50 of the time until the last member had a message
 * @param lastMemberP99Micros p99 of it
 * @param lastMemberMaxMicros max of it
 * @param completeMessages   messages every reading subscriber received
 * @param publishSeconds     how long the server's publisher took to hand over the batch (its own measure)
 * @param closedSubscribers  subscribers whose connection ended during the run (a server closing slow members)
 * @param unexpected         frames that were not a message, or a message that came again or out of order (a gap
 *                           is not counted here: it is a copy the server dropped, and lowers the delivered share)
 * @param failedConnections  subscribers that did not upgrade
 * @param firstError         the first problem, or {@code null}
 * @param clientCpuSeconds   the generator's CPU time over the measured batch
 * @param serverCpuSeconds   the server's CPU time over it, or NaN
 */
public record FanoutResult(Map<String, String> tags, int subscribers, int stalled, int messages, long deliveries,
                           double seconds, double lastMemberP50Micros, double lastMemberP99Micros,
                           double lastMemberMaxMicros, int completeMessages, double publishSeconds,
                           int closedSubscribers, int unexpected, int failedConnections, String firstError,
                           double clientCpuSeconds, double serverCpuSeconds) {

    /** The {@code mode} field of fan-out result lines. */
    public static final String MODE_FANOUT = "fanout";

    /** Deliveries the reading subscribers should have: each of them every message. */
    public long expectedDeliveries() {
        return (long) (subscribers - stalled) * messages;
    }

    /** Deliveries per second at the reading subscribers. */
    public double deliveriesPerSecond() {
        return deliveries / seconds;
    }

    /** Whether every subscriber upgraded and every frame was a message in order (gaps allowed). */
    public boolean clean() {
        return failedConnections == 0 && unexpected == 0;
    }

    /** The result line. */
    public String toLine() {
        var fields = new LinkedHashMap<String, String>(tags);
        fields.put("mode", MODE_FANOUT);
        fields.put("subscribers", Integer.toString(subscribers));
        fields.put("stalled", Integer.toString(stalled));
        fields.put("messages", Integer.toString(messages));
        fields.put("deliveries", Long.toString(deliveries));
        fields.put("expectedDeliveries", Long.toString(expectedDeliveries()));
        fields.put("seconds", format(seconds));
        fields.put("deliveriesPerSec", format(deliveriesPerSecond()));
        fields.put("lastMemberP50us", format(lastMemberP50Micros));
        fields.put("lastMemberP99us", format(lastMemberP99Micros));
        fields.put("lastMemberMaxus", format(lastMemberMaxMicros));
        fields.put("completeMessages", Integer.toString(completeMessages));
        fields.put("publishSeconds", format(publishSeconds));
        fields.put("closedSubscribers", Integer.toString(closedSubscribers));
        fields.put("unexpected", Integer.toString(unexpected));
        fields.put("failedConnections", Integer.toString(failedConnections));
        fields.put("firstError", firstError == null ? "-" : firstError.replaceAll("\\s+", " "));
        fields.put("clientCpuSec", format(clientCpuSeconds));
        fields.put("serverCpuSec", format(serverCpuSeconds));
        var line = new StringBuilder(LoadResult.LINE_PREFIX);
        fields.forEach((k, v) -> line.append('\t').append(k).append('=').append(v));
        return line.toString();
    }

    /** A human-readable summary. */
    public String summary() {
        return String.format(Locale.ROOT, "%s: %,d subscribers (%,d stalled) × %,d messages: %,d of %,d deliveries in"
                        + " %.2f s = %,.0f deliveries/s; last member p50 %.0f us, p99 %.0f us, max %.0f us over %,d"
                        + " complete messages; publisher %.2f s; %d subscribers closed, %d unexpected frames,"
                        + " %d failed upgrades%s; server CPU %.2f s",
                tags, subscribers, stalled, messages, deliveries, expectedDeliveries(), seconds,
                deliveriesPerSecond(), lastMemberP50Micros, lastMemberP99Micros, lastMemberMaxMicros,
                completeMessages, publishSeconds, closedSubscribers, unexpected, failedConnections,
                firstError == null ? "" : " (first: " + firstError + ")", serverCpuSeconds);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
