package dev.duplex.benchmarks.cluster;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.ServiceConfig;

/**
 * One subscriber connection's client service, inline on the client's event loop. It reads the messages of
 * {@link PublishedMessage}: a probe marks it ready (once), a measured message counts as a delivery with its latency
 * from when it was due; warm-up messages are ignored. {@code ready} is this connection's: one event loop writes it.
 */
@ServiceConfig(dispatchMode = DispatchMode.EVENT_LOOP)
public final class Subscriber implements Service {
    private final DeliveryTally tally;
    private final int node;
    private boolean ready;

    Subscriber(DeliveryTally tally, int node) {
        this.tally = tally;
        this.node = node;
    }

    /**
     * Counts a message from the node.
     *
     * @param caller the connection
     * @param text   a published message or the answer to {@code join}
     */
    public void onTextMessage(Caller caller, String text) {
        switch (PublishedMessage.phaseOf(text)) {
            case PublishedMessage.MEASURED ->
                    tally.delivered(node, (System.nanoTime() - PublishedMessage.dueNanos(text)) / 1000);
            case PublishedMessage.PROBE -> {
                if (!ready) {
                    ready = true;
                    tally.subscriberReady();
                }
            }
            case PublishedMessage.WARMUP -> { }
            default -> {
                if (text.startsWith("joined ")) {
                    tally.joined();
                }
            }
        }
    }
}
