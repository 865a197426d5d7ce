package dev.duplex.benchmarks.servers;

import dev.duplex.websocket.DispatchMode;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The servers the load benchmark compares, by the name the runner script and the report use. Every one serves
 * {@link EchoServer#PATH} with its I/O threads sized to the available cores (one when pinned to a core).
 */
public enum ServerKind {
    /** Duplex, service methods on workers (the default dispatch mode). */
    DUPLEX_WORKER("duplex-worker", true, true),
    /** Duplex, service methods inline on the event loop. */
    DUPLEX_EVENT_LOOP("duplex-event-loop", true, true),
    /** Hand-written Netty 4.2 echo on {@code WebSocketServerProtocolHandler}: the reference peer. */
    NETTY_WEBSOCKET("netty-ws", true, false),
    /** The same Netty echo behind Netty's {@code WebSocketServerCompressionHandler}: the compression reference. */
    NETTY_WEBSOCKET_DEFLATE("netty-ws-deflate", true, true),
    /** Netty epoll echo of bytes, no framing: the ceiling. */
    RAW_TCP("raw-tcp", false, false),
    /** Jetty 12 with its Jetty WebSocket API. */
    JETTY("jetty", true, true),
    /** Vert.x 5 core's HTTP server and WebSocket handler (Netty 4.2 underneath). */
    VERTX("vertx", true, true),
    /** Undertow 2.3 core's WebSocket handler (XNIO). */
    UNDERTOW("undertow", true, false);

    private final String id;
    private final boolean webSocket;
    private final boolean deflate;

    ServerKind(String id, boolean webSocket, boolean deflate) {
        this.id = id;
        this.webSocket = webSocket;
        this.deflate = deflate;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** Whether the server speaks WebSocket (else the generator sends pre-encoded frames and counts echoed bytes). */
    public boolean webSocket() {
        return webSocket;
    }

    /**
     * Whether the server agrees to permessage-deflate when the client offers it (the generator's {@code --deflate}),
     * as configured here: Duplex, Jetty and Vert.x do by default, Netty only with its compression handler, Undertow
     * only when told to.
     */
    public boolean deflate() {
        return deflate;
    }

    /** Starts the server on 127.0.0.1 at {@code port} (0 for any free port). */
    public EchoServer start(int port) throws Exception {
        return switch (this) {
            case DUPLEX_WORKER -> DuplexEchoServer.start(port, DispatchMode.WORKER);
            case DUPLEX_EVENT_LOOP -> DuplexEchoServer.start(port, DispatchMode.EVENT_LOOP);
            case NETTY_WEBSOCKET -> NettyWebSocketEchoServer.start(port, false);
            case NETTY_WEBSOCKET_DEFLATE -> NettyWebSocketEchoServer.start(port, true);
            case RAW_TCP -> RawTcpEchoServer.start(port);
            case JETTY -> JettyEchoServer.start(port);
            case VERTX -> VertxEchoServer.start(port);
            case UNDERTOW -> UndertowEchoServer.start(port);
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
