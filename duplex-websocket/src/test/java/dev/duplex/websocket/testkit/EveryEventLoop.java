package dev.duplex.websocket.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Client;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks that every event loop of the listeners' shared group is serving connections: it opens, one after another,
 * more connections than the group has loops (it hands them out in turn, so one lands on each loop) to an echo
 * service, and requires each to echo within a deadline.
 */
public final class EveryEventLoop {
    /** Enough connections that the shared event-loop group hands at least one to each of its loops. */
    public static final int CONNECTIONS = 2 * Integer.getInteger("duplex.eventLoopThreads",
            Runtime.getRuntime().availableProcessors()) + 1;

    private EveryEventLoop() {
    }

    /**
     * Fails when one of {@link #CONNECTIONS} connections to {@code echo} does not echo within {@code deadline}.
     *
     * @param meanwhile what goes on meanwhile, for the failure message
     */
    public static void assertServes(URI echo, Duration deadline, String meanwhile) throws Exception {
        for (int i = 0; i < CONNECTIONS; i++) {
            String text = "bystander " + i;
            CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
                try (Client client = new Client(echo.toString())) {
                    client.writeTextMessage(text);
                    return client.readTextMessage();
                }
            });
            try {
                assertThat(reply.get(deadline.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(text);
            } catch (TimeoutException stalled) {
                throw new AssertionError("connection " + i + " of " + CONNECTIONS + " was not served within "
                        + deadline + " while " + meanwhile, stalled);
            }
        }
    }
}
