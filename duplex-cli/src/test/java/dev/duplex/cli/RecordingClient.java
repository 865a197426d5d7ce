package dev.duplex.cli;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.Service;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A push client that records every text message it receives, for tests whose messages arrive while the test does
 * other things. As a member of {@code duplex serve --mode broadcast --history N}, it sends the last offset it saw as
 * the first message of each connection (empty on the first), so that a reconnection through its
 * {@code retryConfig} resumes where it left off.
 *
 * <p>Thread safety: the records are concurrent lists written by the client's dispatch; {@code lastOffset} is written
 * by that dispatch only and read by it on the next open.
 */
final class RecordingClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger opens = new AtomicInteger();
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
        this.client = Client.connect(url, config, new Recorder());
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

    /** How many connections opened: 1, plus one per reconnection. */
    int opens() {
        return opens.get();
    }

    void send(String text) {
        client.writeTextMessage(text);
    }

    @Override
    public void close() {
        client.close();
    }

    /** Records messages; sends the last offset first when resuming. */
    public final class Recorder implements Service {
        public void onOpen(Caller caller) {
            opens.incrementAndGet();
            if (resumes) {
                caller.writeTextMessage(lastOffset);
            }
        }

        public void onTextMessage(String text) {
            received.add(text);
            if (resumes) {
                JsonNode node = JSON.readTree(text);
                if (node.has("offset")) {
                    lastOffset = node.get("offset").asString();
                }
            }
        }
    }
}
