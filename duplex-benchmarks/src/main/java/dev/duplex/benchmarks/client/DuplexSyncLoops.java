package dev.duplex.benchmarks.client;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Duplex's synchronous {@link Client}: per connection one thread running write, read, write, read ... — the way the
 * spec's client is used. Platform threads, or virtual threads when {@code virtualThreads} (JDK 21 and later). With
 * {@code retrying}, the clients have a {@code retryConfig}, under which each write waits until it reached the socket.
 */
final class DuplexSyncLoops extends EchoLoops {
    private final boolean virtualThreads;
    private final boolean retrying;
    private final List<Client> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    DuplexSyncLoops(EchoWorkload workload, boolean virtualThreads, boolean retrying) {
        super(workload);
        this.virtualThreads = virtualThreads;
        this.retrying = retrying;
    }

    /** The client configuration of every Duplex client under test: no compression, limits above the payload. */
    static ClientConfiguration configuration() {
        return ClientConfiguration.builder()
                .webSocketCompressionEnabled(false)
                .maxFrameSize(1 << 20)
                .maxMessageSize(1 << 20)
                .handShakeTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    void open() {
        ClientConfiguration config = retrying
                ? configuration().toBuilder().retryConfig(new RetryConfig(3, Duration.ofMillis(100), 2.0,
                        Duration.ofSeconds(1))).build()
                : configuration();
        for (int i = 0; i < workload.connections(); i++) {
            clients.add(new Client(workload.uri().toString(), config));
        }
    }

    @Override
    void start() {
        ThreadFactory factory = virtualThreads ? VirtualThreads.factory() : Thread::new;
        for (int i = 0; i < clients.size(); i++) {
            int index = i;
            Client client = clients.get(i);
            Thread thread = factory.newThread(() -> loop(index, client));
            thread.setName("echo-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void loop(int index, Client client) {
        String text = workload.text() ? workload.textPayload() : null;
        byte[] bytes = workload.text() ? null : workload.binaryPayload();
        try {
            while (!stopping()) {
                int size;
                if (text != null) {
                    client.writeTextMessage(text);
                    size = client.readTextMessage().length();
                } else {
                    client.writeBinaryMessage(bytes);
                    size = client.readBinaryMessage().length;
                }
                if (!expected(index, size)) {
                    return;
                }
                counted(index);
            }
        } catch (RuntimeException e) {
            fail(index, e.toString());
        }
    }

    @Override
    void closeConnections() {
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Client client : clients) {
            try {
                client.close(1000, "", Duration.ofSeconds(2));
            } catch (RuntimeException alreadyClosed) {
                // A failed connection is closed already; the run has reported it.
            }
        }
    }
}
