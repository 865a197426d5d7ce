package dev.duplex.benchmarks.servers;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import java.time.Duration;

/**
 * The Duplex echo under test: the public API as a user would write it, with the frame and message limits raised so
 * 1 MiB messages pass whole.
 */
public final class DuplexEchoServer implements EchoServer {
    private final Listener listener;

    private DuplexEchoServer(Listener listener) {
        this.listener = listener;
    }

    /** Echoes text as text and binary as binary. Runs where the dispatch mode says. */
    public static final class Echo implements Service {
        public void onTextMessage(Caller caller, String text) {
            caller.writeTextMessage(text);
        }

        public void onBinaryMessage(Caller caller, byte[] data) {
            caller.writeBinaryMessage(data);
        }
    }

    /** Starts a listener on 127.0.0.1 at {@code port} (0 for any free port). */
    public static DuplexEchoServer start(int port, DispatchMode mode) {
        var listener = new Listener(port, ListenerConfiguration.builder().host(HOST).build());
        WsServiceConfig config = WsServiceConfig.builder()
                .dispatchMode(mode)
                .maxFrameSize(MAX_MESSAGE_SIZE)
                .maxMessageSize(MAX_MESSAGE_SIZE)
                .build();
        listener.attach(PATH, request -> new Echo(), config);
        listener.start();
        return new DuplexEchoServer(listener);
    }

    @Override
    public int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        listener.gracefulStop(Duration.ofSeconds(1));
    }
}
