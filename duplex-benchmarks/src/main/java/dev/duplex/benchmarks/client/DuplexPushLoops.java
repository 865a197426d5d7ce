package dev.duplex.benchmarks.client;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.ServiceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Duplex's push client ({@link Client#connect}): the service's {@code onTextMessage} / {@code onBinaryMessage}
 * sends the next message, as the other libraries' listeners do. Service methods run on workers (virtual threads on
 * JDK 21 and later, a platform pool on 17), or inline on the event loop with {@code eventLoop}.
 */
final class DuplexPushLoops extends EchoLoops {
    private final boolean eventLoop;
    private final List<Client> clients = new ArrayList<>();

    DuplexPushLoops(EchoWorkload workload, boolean eventLoop) {
        super(workload);
        this.eventLoop = eventLoop;
    }

    /** One connection's loop; its methods run one at a time, in order, so {@code index}'s counter has one writer. */
    public static class Echo implements Service {
        private final DuplexPushLoops loops;
        private final int index;
        private final String text;
        private final byte[] bytes;

        Echo(DuplexPushLoops loops, int index) {
            this.loops = loops;
            this.index = index;
            this.text = loops.workload.text() ? loops.workload.textPayload() : null;
            this.bytes = loops.workload.text() ? null : loops.workload.binaryPayload();
        }

        public void onTextMessage(Caller caller, String echo) {
            if (loops.expected(index, echo.length())) {
                loops.counted(index);
                if (!loops.stopping()) {
                    caller.writeTextMessage(text);
                }
            }
        }

        public void onBinaryMessage(Caller caller, byte[] echo) {
            if (loops.expected(index, echo.length)) {
                loops.counted(index);
                if (!loops.stopping()) {
                    caller.writeBinaryMessage(bytes);
                }
            }
        }

        public void onError(Caller caller, Exception error) {
            loops.fail(index, error.toString());
        }

        void first(Client client) {
            if (text != null) {
                client.writeTextMessage(text);
            } else {
                client.writeBinaryMessage(bytes);
            }
        }
    }

    /** The same loop with its methods inline on the client's event loop. */
    @ServiceConfig(dispatchMode = DispatchMode.EVENT_LOOP)
    public static class EchoOnEventLoop extends Echo {
        EchoOnEventLoop(DuplexPushLoops loops, int index) {
            super(loops, index);
        }
    }

    private final List<Echo> services = new ArrayList<>();

    @Override
    void open() {
        for (int i = 0; i < workload.connections(); i++) {
            Echo service = eventLoop ? new EchoOnEventLoop(this, i) : new Echo(this, i);
            services.add(service);
            clients.add(Client.connect(workload.uri().toString(), DuplexSyncLoops.configuration(), service));
        }
    }

    @Override
    void start() {
        for (int i = 0; i < clients.size(); i++) {
            services.get(i).first(clients.get(i));
        }
    }

    @Override
    void closeConnections() {
        for (Client client : clients) {
            try {
                client.close(1000, "", Duration.ofSeconds(2));
            } catch (RuntimeException alreadyClosed) {
                // A failed connection is closed already; the run has reported it.
            }
        }
    }
}
