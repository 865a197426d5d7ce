package dev.duplex.benchmarks.fanout;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fan-out servers the benchmark compares, by the name run-fanout.sh and the report use.
 */
public enum FanoutServerKind {
    /** Raw Netty: one shared frame written to a {@code ChannelGroup}; the reference. */
    NETTY_FANOUT("netty-fanout"),
    /**
     * The reference with Netty's {@code FlushConsolidationHandler} in every subscriber's pipeline: what a Netty user
     * adds when flushing every message to every member costs too many writes.
     */
    NETTY_FANOUT_CONSOLIDATED("netty-fanout-consolidated"),
    /** Duplex today: the application loops over its own set of {@code Caller}s. */
    DUPLEX_CALLER_LOOP("duplex-caller-loop"),
    /** Duplex's group broadcast: every subscriber joins one group; the frame is encoded once per message. */
    DUPLEX_GROUP("duplex-group");

    private final String id;

    FanoutServerKind(String id) {
        this.id = id;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** Starts the server on 127.0.0.1 at {@code port} (0 for any free port). */
    public FanoutServer start(int port) throws InterruptedException {
        return switch (this) {
            case NETTY_FANOUT -> NettyFanoutServer.start(port, false);
            case NETTY_FANOUT_CONSOLIDATED -> NettyFanoutServer.start(port, true);
            case DUPLEX_CALLER_LOOP -> DuplexCallerLoopServer.start(port);
            case DUPLEX_GROUP -> DuplexGroupServer.start(port);
        };
    }

    /** The kind named {@code id}, if it is a fan-out server. */
    public static Optional<FanoutServerKind> find(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
    }
}
