package dev.duplex.benchmarks.fanout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one fan-out run does. Immutable; build with {@link #builder()} or {@link #parse(String[])}.
 *
 * @param host            server address; default 127.0.0.1
 * @param port            server port (required)
 * @param subscribers     WebSocket connections that subscribe; default 10,000
 * @param messages        messages published in the measured batch; default 200
 * @param warmupMessages  messages published (and awaited) before it; default 50
 * @param rate            messages per second the server publishes at, 0 (the default) for back to back
 * @param stalledPercent  share of subscribers (in %) that stop reading right after their upgrade, with a small
 *                        receive buffer; they are left out of every delivery figure; default 0
 * @param sourceAddresses subscribers connect from 127.0.0.2 … 127.0.0.(1 + sourceAddresses) in turn, so ephemeral
 *                        ports do not run short; 0 lets the kernel choose; default 0
 * @param threads         event-loop threads of the generator; default 1
 * @param timeout         how long to wait for a batch to reach every reading subscriber; default 60 s
 * @param serverPid       process whose CPU time is read over the measured batch, or -1
 * @param tags            key=value pairs copied into the result line
 */
public record FanoutOptions(String host, int port, int subscribers, int messages, int warmupMessages, double rate,
                            double stalledPercent, int sourceAddresses, int threads, Duration timeout, long serverPid,
                            Map<String, String> tags) {

    /** Receive buffer of a stalled subscriber's socket: small, so the server's side fills soon. */
    static final int STALLED_RECEIVE_BUFFER = 4096;

    /** The command line, for error messages. */
    public static final String USAGE = """
            fanout --port N [--host 127.0.0.1] [--subscribers 10000] [--messages 200] [--warmup-messages 50]
                   [--rate 0 (msg/s; 0 = back to back)] [--stalled-percent 0] [--source-addresses 0] [--threads 1]
                   [--timeout 60s] [--server-pid PID] [--tag key=value]...""";

    /** Checks the values; see the record's description for each. */
    public FanoutOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        tags = Map.copyOf(tags);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 1–65535, was " + port + "\n" + USAGE);
        }
        if (subscribers < 1 || messages < 1 || warmupMessages < 0 || rate < 0 || threads < 1
                || sourceAddresses < 0 || sourceAddresses > 250) {
            throw new IllegalArgumentException("--subscribers, --messages and --threads must be positive, "
                    + "--warmup-messages and --rate not negative, --source-addresses 0–250\n" + USAGE);
        }
        if (stalledPercent < 0 || stalledPercent >= 100) {
            throw new IllegalArgumentException("--stalled-percent must be in [0, 100), was " + stalledPercent);
        }
    }

    /** How many subscribers stop reading: {@code stalledPercent} of them, rounded. */
    public int stalled() {
        return (int) Math.round(subscribers * stalledPercent / 100);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** @throws IllegalArgumentException with {@link #USAGE} when an argument is unknown or malformed */
    public static FanoutOptions parse(String[] args) {
        Builder b = builder();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + args[i] + "\n" + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--host" -> b.host = value;
                case "--port" -> b.port = Integer.parseInt(value);
                case "--subscribers" -> b.subscribers = Integer.parseInt(value);
                case "--messages" -> b.messages = Integer.parseInt(value);
                case "--warmup-messages" -> b.warmupMessages = Integer.parseInt(value);
                case "--rate" -> b.rate = Double.parseDouble(value);
                case "--stalled-percent" -> b.stalledPercent = Double.parseDouble(value);
                case "--source-addresses" -> b.sourceAddresses = Integer.parseInt(value);
                case "--threads" -> b.threads = Integer.parseInt(value);
                case "--timeout" -> b.timeout = Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
                case "--server-pid" -> b.serverPid = Long.parseLong(value);
                case "--tag" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--tag wants key=value, got " + value);
                    }
                    b.tag(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return b.build();
    }

    /** Collects options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String host = FanoutServer.HOST;
        private int port;
        private int subscribers = 10_000;
        private int messages = 200;
        private int warmupMessages = 50;
        private double rate;
        private double stalledPercent;
        private int sourceAddresses;
        private int threads = 1;
        private Duration timeout = Duration.ofSeconds(60);
        private long serverPid = -1;
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param port the server's port */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** @param subscribers how many subscribers connect */
        public Builder subscribers(int subscribers) {
            this.subscribers = subscribers;
            return this;
        }

        /** @param messages messages in the measured batch */
        public Builder messages(int messages) {
            this.messages = messages;
            return this;
        }

        /** @param warmupMessages messages in the warm-up batch */
        public Builder warmupMessages(int warmupMessages) {
            this.warmupMessages = warmupMessages;
            return this;
        }

        /** @param rate messages per second, 0 for back to back */
        public Builder rate(double rate) {
            this.rate = rate;
            return this;
        }

        /** @param stalledPercent share of subscribers that stop reading */
        public Builder stalledPercent(double stalledPercent) {
            this.stalledPercent = stalledPercent;
            return this;
        }

        /** @param sourceAddresses source addresses to rotate through */
        public Builder sourceAddresses(int sourceAddresses) {
            this.sourceAddresses = sourceAddresses;
            return this;
        }

        /** @param timeout how long a batch may take */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Adds a tag to the result line. */
        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /** @throws IllegalArgumentException when a value is out of range */
        public FanoutOptions build() {
            return new FanoutOptions(host, port, subscribers, messages, warmupMessages, rate, stalledPercent,
                    sourceAddresses, threads, timeout, serverPid, tags);
        }
    }
}
