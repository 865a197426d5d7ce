package dev.duplex.websocket.dispatch;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.UpgradeService;
import dev.duplex.websocket.WsServiceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A listener on 127.0.0.1 with an ephemeral port per test, and our {@link Client} as the peer. Services report what
 * they received into {@link #received}; reads time out after 5 s so a missing reply fails rather than hangs.
 */
abstract class ListenerTestBase {
    static final Duration PATIENCE = Duration.ofSeconds(5);

    /** What the services under test received, in order. */
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    Listener listener;
    private final List<Client> clients = new ArrayList<>();

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.start();
    }

    @AfterEach
    void stopListener() {
        clients.forEach(client -> {
            try {
                client.close(1000, "", Duration.ZERO);
            } catch (RuntimeException alreadyClosed) {
                // The test closed it, or the server did.
            }
        });
        listener.immediateStop();
    }

    void attach(String path, UpgradeService service) {
        listener.attach(path, service);
    }

    void attach(String path, UpgradeService service, WsServiceConfig config) {
        listener.attach(path, service, config);
    }

    Client connect(String path) {
        return connect(path, ClientConfiguration.builder());
    }

    Client connect(String path, ClientConfiguration.Builder config) {
        Client client = new Client("ws://127.0.0.1:" + listener.getPort() + path,
                config.readTimeout(PATIENCE).build());
        clients.add(client);
        return client;
    }

    /** The next thing a service received, failing after {@link #PATIENCE}. */
    Object nextReceived() throws InterruptedException {
        Object next = received.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("the service received nothing within " + PATIENCE);
        }
        return next;
    }
}
