package dev.duplex.cli;

import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code duplex serve}: an echo or broadcast WebSocket server configured from flags. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run an echo or broadcast WebSocket server.")
final class ServeCommand implements Runnable {
    enum Mode { echo, broadcast }

    @Option(names = {"-p", "--port"}, defaultValue = "9090", description = "Port (0 picks one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--path", defaultValue = "/ws", description = "Service path. Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(names = "--mode", defaultValue = "echo",
            description = "echo: send each message back; broadcast: send it to every connection. Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--subprotocol", description = "A sub-protocol to accept (repeatable; * accepts any).")
    List<String> subProtocols = List.of();

    @Option(names = "--idle-timeout", defaultValue = "0",
            description = "Time without traffic after which a connection is closed with 1000 (e.g. 30s; 0 = never). Default: ${DEFAULT-VALUE}.")
    String idleTimeout;

    @Option(names = "--max-frame-size", defaultValue = "65536", description = "Largest frame payload. Default: ${DEFAULT-VALUE}.")
    int maxFrameSize;

    @Option(names = "--max-message-size", defaultValue = "1048576",
            description = "Largest message. Default: ${DEFAULT-VALUE}.")
    int maxMessageSize;

    @Option(names = "--room", defaultValue = "broadcast",
            description = "The broadcast's group name, shared by the nodes of one Redis. Default: ${DEFAULT-VALUE}.")
    String room;

    @Option(names = "--history", defaultValue = "0", description = "Broadcast: keep this many messages so that a"
            + " reconnecting client resumes from its last offset (its first message). Default: ${DEFAULT-VALUE}.")
    int history;

    @Mixin
    RedisOptions cluster = new RedisOptions();

    @Option(names = "--event-loop",
            description = "Run handlers on the event loop instead of worker threads (virtual threads on Java 21+).")
    boolean eventLoop;

    /** Sends messages back, and closes idle connections. */
    public static final class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }

        public dev.duplex.websocket.CloseFrame onIdleTimeout() {
            return new dev.duplex.websocket.CloseFrame(1000, "idle");
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Listener listener = start();
        PrintWriter out = spec.commandLine().getOut();
        out.println("duplex serve: " + mode + " at ws://" + DemoCommand.displayHost(host) + ":" + listener.getPort()
                + path + cluster.describe());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.gracefulStop(Duration.ofSeconds(5));
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Listener start() {
        OptionChecks.atLeastOne(spec, "--max-frame-size", maxFrameSize);
        OptionChecks.atLeastOne(spec, "--max-message-size", maxMessageSize);
        OptionChecks.tokens(spec, "--subprotocol", subProtocols);
        var config = WsServiceConfig.builder()
                .subProtocols(subProtocols)
                .idleTimeout(Durations.parse(idleTimeout, "--idle-timeout"))
                .maxFrameSize(maxFrameSize)
                .maxMessageSize(maxMessageSize)
                .dispatchMode(eventLoop ? dev.duplex.websocket.DispatchMode.EVENT_LOOP
                        : dev.duplex.websocket.DispatchMode.WORKER)
                .build();
        if (history < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--history must be at least 0, was " + history);
        }
        var listener = new Listener(port, cluster.configure(spec, ListenerConfiguration.builder().host(host)).build());
        if (mode == Mode.echo) {
            listener.attach(path, request -> new Echo(), config);
        } else {
            BroadcastRoom broadcast = new BroadcastRoom(listener.groups(), room, history);
            listener.attach(path, request -> broadcast.member(), config);
        }
        listener.start();
        return listener;
    }
}
