package dev.duplex.cli;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.WebSocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that records every text message it receives, read by a thread of its own, for tests whose messages arrive
 * while the test does other things. With a {@code retryConfig}, a read that finds the connection dropped goes on on a
 * new connection (the client reconnects by itself).
 *
 * <p>As a member of {@code duplex serve --mode broadcast --history N} ({@code resumes}), it sends the last offset it
 * saw as the first message of each connection: the empty text on the first, and, once {@link #resumeIfReconnected()}
 * sees a new connection id, the offset of the last message received.
 *
 * <p>Thread safety: the records are concurrent; {@code lastOffset} is written by the reader thread and read by the
 * test thread; {@link #resumeIfReconnected()} is for the test thread.
 */
final class RecordingClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private final boolean resumes;
    private volatile String lastOffset = "";
    private final Client client;

    /**
     * @param url     where to connect
     * @param config  how (with a {@code retryConfig} to reconnect)
     * @param resumes whether to send the last offset first on each connection, and read offsets from the messages
     */
    RecordingClient(String url, ClientConfiguration config, boolean resumes) {
        this.resumes = resumes;
        this.client = new Client(url, config);
        connections.add(client.getConnectionId());
        if (resumes) {
            client.writeTextMessage("");
        }
        Thread reader = new Thread(this::read, "recording-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (true) {
                String text = client.readTextMessage();
                if (resumes) {
                    JsonNode node = JSON.readTree(text);
                    if (node.has("offset")) {
                        lastOffset = node.get("offset").asString();
                    }
                }
                received.add(text);
            }
        } catch (WebSocketException ended) {
            // Closed by the test, or the server closed it: nothing more to record.
        }
    }

    /**
     * When the client is on a connection it has not been on before, sends it the last offset received, so that the
     * server resumes it from there. For the test thread, in its waits.
     */
    void resumeIfReconnected() {
        if (resumes && client.isOpen() && connections.add(client.getConnectionId())) {
            client.writeTextMessage(lastOffset);
        }
    }

    /** Every text message received, in order, over all connections. */
    List<String> received() {
        return List.copyOf(received);
    }

    /** The {@code text} of each history message received ({@code {"offset":…,"text":…}}), in order. */
    List<String> texts() {
        return received.stream().map(JSON::readTree).filter(node -> node.has("offset"))
                .map(node -> node.get("text").asString()).toList();
    }

    /** How many connections it has been on: 1, plus one per reconnection {@link #resumeIfReconnected()} saw. */
    int opens() {
        return connections.size();
    }

    void send(String text) {
        client.writeTextMessage(text);
    }

    @Override
    public void close() {
        client.close();
    }
}
