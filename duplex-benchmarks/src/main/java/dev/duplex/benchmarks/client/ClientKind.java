package dev.duplex.benchmarks.client;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The clients the client benchmark compares, by the name the runner script and the report use. */
public enum ClientKind {
    /** Duplex's synchronous {@code Client}: write, then read, one platform thread per connection. */
    DUPLEX_SYNC("duplex-sync", false),
    /**
     * The synchronous client with a {@code retryConfig}: each write then waits until it reached the socket (so a
     * failed write can be sent again), one more thread hand-off per message.
     */
    DUPLEX_SYNC_RETRY("duplex-sync-retry", false),
    /** The same on virtual threads (JDK 21 and later). */
    DUPLEX_SYNC_VIRTUAL("duplex-sync-vt", false),
    /** Duplex's push client: the service sends the next message; service methods on workers. */
    DUPLEX_PUSH("duplex-push", false),
    /** Duplex's push client with its service methods inline on the event loop. */
    DUPLEX_PUSH_EVENT_LOOP("duplex-push-loop", false),
    /** {@code java.net.http.WebSocket}. */
    JDK("jdk", true),
    /** OkHttp 5. */
    OKHTTP("okhttp", true),
    /** Netty 4.2's {@code WebSocketClientProtocolHandler}. */
    NETTY("netty", true),
    /**
     * The same Netty pipeline behind a blocking API: one platform thread per connection writes, then takes the echo
     * from a queue the handler fills — a reference for {@link #DUPLEX_SYNC}, which works the same way.
     */
    NETTY_BLOCKING("netty-blocking", true);

    private final String id;
    private final boolean peer;

    ClientKind(String id, boolean peer) {
        this.id = id;
        this.peer = peer;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** Whether this is one of the other libraries Duplex is compared with (not Duplex itself). */
    public boolean peer() {
        return peer;
    }

    /** Whether this client can run on this JVM (virtual threads need JDK 21). */
    public boolean available() {
        return this != DUPLEX_SYNC_VIRTUAL || VirtualThreads.available();
    }

    EchoLoops loops(EchoWorkload workload) {
        return switch (this) {
            case DUPLEX_SYNC -> new DuplexSyncLoops(workload, false, false);
            case DUPLEX_SYNC_RETRY -> new DuplexSyncLoops(workload, false, true);
            case DUPLEX_SYNC_VIRTUAL -> new DuplexSyncLoops(workload, true, false);
            case DUPLEX_PUSH -> new DuplexPushLoops(workload, false);
            case DUPLEX_PUSH_EVENT_LOOP -> new DuplexPushLoops(workload, true);
            case JDK -> new JdkLoops(workload);
            case OKHTTP -> new OkHttpLoops(workload);
            case NETTY -> new NettyLoops(workload, false);
            case NETTY_BLOCKING -> new NettyLoops(workload, true);
        };
    }

    /** @throws IllegalArgumentException naming the known clients */
    public static ClientKind of(String id) {
        for (ClientKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown client '" + id + "'; known: "
                + Arrays.stream(values()).map(ClientKind::id).collect(Collectors.joining(", ")));
    }

    /** The ids of every peer client. */
    public static java.util.Set<String> peerIds() {
        return Arrays.stream(values()).filter(ClientKind::peer).map(ClientKind::id).collect(Collectors.toSet());
    }
}
