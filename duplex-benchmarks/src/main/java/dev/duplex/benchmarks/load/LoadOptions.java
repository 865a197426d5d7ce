package dev.duplex.benchmarks.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one load run does. Immutable; build with {@link #builder()} or {@link #parse(String[])}.
 *
 * @param host        server address; default 127.0.0.1 (load tests stay on loopback)
 * @param port        server port (required)
 * @param path        WebSocket path; default {@code /echo}
 * @param connections how many connections; default 100
 * @param messageSize payload bytes per message; default 64
 * @param text        text (ASCII payload) or binary messages; default text
 * @param depth       messages in flight per connection: each echo received sends the next one; default 1
 * @param warmup      how long to run before measuring; default 2 s
 * @param duration    how long to measure; default 5 s
 * @param raw         {@code true} for a raw TCP echo: no handshake, pre-encoded frames sent as bytes and a message
 *                    counted when as many bytes came back as its frame had; default {@code false}
 * @param deflate     offer permessage-deflate (without client context takeover), fail the connection if the server
 *                    does not agree, and send every message compressed, pre-encoded once; default {@code false}
 * @param threads     event-loop threads of the generator; default 1
 * @param serverPid   process whose CPU time is read from {@code /proc} over the measured window, or -1
 * @param tags        key=value pairs copied into the result line (server, scenario, repetition)
 * @param rate        open loop (scenario 3): messages per second over all connections, each connection sending on
 *                    its own even schedule whatever the echoes do; 0 (the default) for the closed loop of
 *                    {@code depth}
 * @param handshakes  scenario 4: {@code connections} loops each opening a connection, upgrading, closing and
 *                    waiting for the server's TCP close, again and again ({@link HandshakeGenerator})
 * @param sourceAddresses connections are opened from 127.0.0.2 … 127.0.0.(1 + sourceAddresses) in turn, so the
 *                    client's ephemeral ports (per source address) do not run out; 0 lets the kernel choose;
 *                    default 0
 */
public record LoadOptions(
        String host,
        int port,
        String path,
        int connections,
        int messageSize,
        boolean text,
        int depth,
        Duration warmup,
        Duration duration,
        boolean raw,
        boolean deflate,
        int threads,
        long serverPid,
        Map<String, String> tags,
        double rate,
        boolean handshakes,
        int sourceAddresses) {

    public LoadOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 1-65535, was " + port);
        }
        if (connections < 1 || messageSize < 0 || depth < 1 || threads < 1) {
            throw new IllegalArgumentException("--connections, --depth and --threads must be at least 1 and --size"
                    + " at least 0; were " + connections + ", " + depth + ", " + threads + ", " + messageSize);
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--warmup must be at least 0 and --duration positive; were " + warmup
                    + " and " + duration);
        }
        if (deflate && raw) {
            throw new IllegalArgumentException("--deflate needs a WebSocket handshake; it cannot go with --raw");
        }
        tags = Map.copyOf(tags);
        if (rate < 0 || sourceAddresses < 0 || sourceAddresses > 250) {
            throw new IllegalArgumentException("--rate must be at least 0 and --source-addresses in 0-250; were "
                    + rate + " and " + sourceAddresses);
        }
        if (handshakes && (raw || rate > 0)) {
            throw new IllegalArgumentException("--handshakes needs a WebSocket server (not --raw) and no --rate");
        }
    }

    /** Whether connections send on a schedule ({@link #rate()}) rather than on echoes. */
    public boolean openLoop() {
        return rate > 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The command-line usage of {@link #parse}. */
    public static final String USAGE = """
            load --port N [--host 127.0.0.1] [--path /echo] [--connections 100] [--size 64] [--text | --binary]
                 [--depth 1] [--warmup 2s] [--duration 5s] [--raw] [--deflate] [--threads 1] [--server-pid PID]
                 [--tag k=v]... [--rate MSG_PER_S | --handshakes] [--source-addresses 0]
            durations: 500ms, 5s, 1m""";

    /** Parses command-line options ({@link #USAGE}). @throws IllegalArgumentException on an unknown or bad option */
    public static LoadOptions parse(String[] args) {
        Builder b = builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--text" -> b.text(true);
                case "--binary" -> b.text(false);
                case "--raw" -> b.raw(true);
                case "--deflate" -> b.deflate(true);
                case "--handshakes" -> b.handshakes(true);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option " + option + " needs a value\n" + USAGE);
                    }
                    String value = args[++i];
                    switch (option) {
                        case "--host" -> b.host(value);
                        case "--port" -> b.port(Integer.parseInt(value));
                        case "--path" -> b.path(value);
                        case "--connections" -> b.connections(Integer.parseInt(value));
                        case "--size" -> b.messageSize(Integer.parseInt(value));
                        case "--depth" -> b.depth(Integer.parseInt(value));
                        case "--warmup" -> b.warmup(parseDuration(value));
                        case "--duration" -> b.duration(parseDuration(value));
                        case "--threads" -> b.threads(Integer.parseInt(value));
                        case "--server-pid" -> b.serverPid(Long.parseLong(value));
                        case "--rate" -> b.rate(Double.parseDouble(value));
                        case "--source-addresses" -> b.sourceAddresses(Integer.parseInt(value));
                        case "--tag" -> {
                            int eq = value.indexOf('=');
                            if (eq <= 0) {
                                throw new IllegalArgumentException("--tag wants key=value, was " + value);
                            }
                            b.tag(value.substring(0, eq), value.substring(eq + 1));
                        }
                        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                    }
                }
            }
        }
        return b.build();
    }

    /** {@code 500ms}, {@code 5s}, {@code 1m}. */
    static Duration parseDuration(String value) {
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        throw new IllegalArgumentException("a duration is like 500ms, 5s or 1m; was " + value);
    }

    /** Builds {@link LoadOptions}; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String path = "/echo";
        private int connections = 100;
        private int messageSize = 64;
        private boolean text = true;
        private int depth = 1;
        private Duration warmup = Duration.ofSeconds(2);
        private Duration duration = Duration.ofSeconds(5);
        private boolean raw;
        private boolean deflate;
        private int threads = 1;
        private long serverPid = -1;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private double rate;
        private boolean handshakes;
        private int sourceAddresses;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder connections(int connections) {
            this.connections = connections;
            return this;
        }

        public Builder messageSize(int messageSize) {
            this.messageSize = messageSize;
            return this;
        }

        public Builder text(boolean text) {
            this.text = text;
            return this;
        }

        public Builder depth(int depth) {
            this.depth = depth;
            return this;
        }

        public Builder warmup(Duration warmup) {
            this.warmup = warmup;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder raw(boolean raw) {
            this.raw = raw;
            return this;
        }

        public Builder deflate(boolean deflate) {
            this.deflate = deflate;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder serverPid(long serverPid) {
            this.serverPid = serverPid;
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder rate(double rate) {
            this.rate = rate;
            return this;
        }

        public Builder handshakes(boolean handshakes) {
            this.handshakes = handshakes;
            return this;
        }

        public Builder sourceAddresses(int sourceAddresses) {
            this.sourceAddresses = sourceAddresses;
            return this;
        }

        public LoadOptions build() {
            return new LoadOptions(host, port, path, connections, messageSize, text, depth, warmup, duration, raw,
                    deflate, threads, serverPid, tags, rate, handshakes, sourceAddresses);
        }
    }
}
