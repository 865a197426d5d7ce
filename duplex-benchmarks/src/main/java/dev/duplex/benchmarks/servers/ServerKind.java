package dev.duplex.benchmarks.servers;

import dev.duplex.websocket.DispatchMode;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The servers the load benchmark compares, by the name the runner script and the report use. */
public enum ServerKind {
    /** Duplex, service methods on workers (the default dispatch mode). */
    DUPLEX_WORKER("duplex-worker", true),
    /** Duplex, service methods inline on the event loop. */
    DUPLEX_EVENT_LOOP("duplex-event-loop", true),
    /** Hand-written Netty 4.2 echo on {@code WebSocketServerProtocolHandler}: the reference peer. */
    NETTY_WEBSOCKET("netty-ws", true),
    /** Netty epoll echo of bytes, no framing: the ceiling. */
    RAW_TCP("raw-tcp", false),
    /** Jetty 12 with its Jetty WebSocket API. */
    JETTY("jetty", true);

    private final String id;
    private final boolean webSocket;

    ServerKind(String id, boolean webSocket) {
        this.id = id;
        this.webSocket = webSocket;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** Whether the server speaks WebSocket (else the generator sends pre-encoded frames and counts echoed bytes). */
    public boolean webSocket() {
        return webSocket;
    }

    /** Starts the server on 127.0.0.1 at {@code port} (0 for any free port). */
    public EchoServer start(int port) throws Exception {
        return switch (this) {
            case DUPLEX_WORKER -> DuplexEchoServer.start(port, DispatchMode.WORKER);
            case DUPLEX_EVENT_LOOP -> DuplexEchoServer.start(port, DispatchMode.EVENT_LOOP);
            case NETTY_WEBSOCKET -> NettyWebSocketEchoServer.start(port);
            case RAW_TCP -> RawTcpEchoServer.start(port);
            case JETTY -> JettyEchoServer.start(port);
        };
    }

    /** @throws IllegalArgumentException naming the known servers */
    public static ServerKind of(String id) {
        for (ServerKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown server '" + id + "'; known: "
                + Arrays.stream(values()).map(ServerKind::id).collect(Collectors.joining(", ")));
    }
}
