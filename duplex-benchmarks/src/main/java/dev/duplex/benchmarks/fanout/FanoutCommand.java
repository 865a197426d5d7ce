package dev.duplex.benchmarks.fanout;

/**
 * A command of the generator's control connection to a fan-out server, one text message each, and its answer:
 * <pre>
 * members                          → "members N"            (subscribers in the group now)
 * publish BATCH COUNT RATE         → "published BATCH NANOS" (once all COUNT messages were handed to the server's
 *                                                              broadcast; NANOS from the first to the end of the last)
 * </pre>
 * RATE is messages per second on an even schedule, or 0 for back to back. The first command a connection sends makes
 * it the control connection: the server takes it out of the subscribers.
 *
 * @param members whether this asks for the member count (else it publishes)
 * @param batch   the batch number written into every message (0–9999)
 * @param count   messages to publish
 * @param rate    messages per second, 0 for back to back
 */
public record FanoutCommand(boolean members, int batch, int count, double rate) {
    /** The command asking for the member count. */
    public static final FanoutCommand MEMBERS = new FanoutCommand(true, 0, 0, 0);

    /** A publish command. */
    public static FanoutCommand publish(int batch, int count, double rate) {
        return new FanoutCommand(false, batch, count, rate);
    }

    /** @throws IllegalArgumentException when {@code text} is no command */
    public static FanoutCommand parse(String text) {
        String[] words = text.trim().split("\\s+");
        if (words.length == 1 && words[0].equals("members")) {
            return MEMBERS;
        }
        if (words.length == 4 && words[0].equals("publish")) {
            return publish(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Double.parseDouble(words[3]));
        }
        throw new IllegalArgumentException("expected 'members' or 'publish BATCH COUNT RATE', got '" + text + "'");
    }

    /** The command as sent. */
    @Override
    public String toString() {
        return members ? "members" : "publish " + batch + " " + count + " " + rate;
    }

    /** The answer to {@code members}. */
    public static String membersAnswer(int members) {
        return "members " + members;
    }

    /** The answer to a publish command. */
    public static String publishedAnswer(int batch, long nanos) {
        return "published " + batch + " " + nanos;
    }
}
