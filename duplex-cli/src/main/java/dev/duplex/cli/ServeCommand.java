package dev.duplex.cli;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
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

    /** Sends every message to every connection, and closes idle connections. */
    static final class Broadcast {
        private final java.util.Set<Caller> everyone = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Service member() {
            return new Member();
        }

        /** One connection of the broadcast. */
        public final class Member implements Service {
            public void onOpen(Caller caller) {
                everyone.add(caller);
            }

            public void onTextMessage(String text) {
                for (Caller caller : everyone) {
                    try {
                        caller.writeTextMessage(text);
                    } catch (RuntimeException closing) {
                        // Gone; onClose removes it.
                    }
                }
            }

            public void onBinaryMessage(byte[] data) {
                for (Caller caller : everyone) {
                    try {
                        caller.writeBinaryMessage(data);
                    } catch (RuntimeException closing) {
                        // Gone; onClose removes it.
                    }
                }
            }

            public dev.duplex.websocket.CloseFrame onIdleTimeout() {
                return new dev.duplex.websocket.CloseFrame(1000, "idle");
            }

            public void onClose(Caller caller) {
                everyone.remove(caller);
            }
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Listener listener = start();
        PrintWriter out = spec.commandLine().getOut();
        out.println("duplex serve: " + mode + " at ws://" + DemoCommand.displayHost(host) + ":" + listener.getPort()
                + path);
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
        var listener = new Listener(port, ListenerConfiguration.builder().host(host).build());
        if (mode == Mode.echo) {
            listener.attach(path, request -> new Echo(), config);
        } else {
            Broadcast broadcast = new Broadcast();
            listener.attach(path, request -> broadcast.member(), config);
        }
        listener.start();
        return listener;
    }
}
