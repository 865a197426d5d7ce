package dev.duplex.benchmarks.cluster;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Subscriber connections spread round-robin over the nodes' ports (connection {@code i} to node {@code i % nodes}).
 * Owned by the thread that runs the benchmark; the connections' services write only to the {@link DeliveryTally}.
 */
final class Subscribers implements AutoCloseable {
    private static final long JOIN_TIMEOUT_MILLIS = 60_000;

    private final List<Integer> ports;
    private final DeliveryTally tally;
    private final List<Client> clients = new ArrayList<>();

    Subscribers(List<Integer> ports, DeliveryTally tally) {
        this.ports = List.copyOf(ports);
        this.tally = tally;
    }

    static ClientConfiguration configuration() {
        return ClientConfiguration.builder()
                .webSocketCompressionEnabled(false)
                .handShakeTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Opens {@code count} more connections, each connected before the next starts. */
    void open(int count) {
        for (int i = 0; i < count; i++) {
            int node = clients.size() % ports.size();
            clients.add(Client.connect(url(ports.get(node)), configuration(), new Subscriber(tally, node)));
        }
    }

    static String url(int port) {
        return "ws://127.0.0.1:" + port + ClusterNode.PATH;
    }

    /** Every connection joins every one of {@code groups}; returns once each join was answered. */
    void joinAll(List<String> groups) throws InterruptedException {
        for (Client client : clients) {
            for (String group : groups) {
                client.writeTextMessage("join " + group);
            }
        }
        int expected = clients.size() * groups.size();
        if (!tally.awaitJoins(expected, JOIN_TIMEOUT_MILLIS)) {
            throw new IllegalStateException("not every one of " + expected + " joins was answered within "
                    + JOIN_TIMEOUT_MILLIS + " ms");
        }
    }

    int size() {
        return clients.size();
    }

    /** How many connections are open now. */
    int open() {
        return (int) clients.stream().filter(Client::isOpen).count();
    }

    @Override
    public void close() {
        for (Client client : clients) {
            try {
                client.close(1000, "", Duration.ofSeconds(2));
            } catch (RuntimeException alreadyClosed) {
                // A connection the node closed is closed already.
            }
        }
        clients.clear();
    }
}
