package dev.duplex.benchmarks.fanout;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.WsServiceConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Duplex as users fan out today: the application keeps its own set of {@link Caller}s (joined in {@code onOpen}, left
 * in {@code onClose}) and the publisher loops over it with {@link Caller#writeTextMessage(String)}, one string per
 * message shared by every write. Duplex's defaults otherwise (dispatch on workers, 64 KiB write buffer, 60 s write
 * timeout): a member whose buffer is full holds the loop until it drains or times out.
 */
public final class DuplexCallerLoopServer implements FanoutServer {
    private final Listener listener;
    private final PublishLoop publisher;

    private DuplexCallerLoopServer(Listener listener, PublishLoop publisher) {
        this.listener = listener;
        this.publisher = publisher;
    }

    /** The subscribers' set and the control commands; one instance serves every connection. */
    public static final class Subscribers implements Service {
        /** Open subscribers; written by the connections' callbacks, read by the publisher thread. */
        private final Set<Caller> callers = ConcurrentHashMap.newKeySet();
        private final PublishLoop publisher = new PublishLoop(this::publish);

        private void publish(int batch, int sequence, long publishNanos) {
            String text = FanoutMessage.encodeText(batch, sequence, publishNanos);
            for (Caller caller : callers) {
                try {
                    caller.writeTextMessage(text);
                } catch (WebSocketException e) {
                    // The member is closing, or its write timed out and Duplex closed it with 1008: the generator
                    // sees that connection end; the loop goes on to the others, as an application's would.
                }
            }
        }

        /** Joins the subscribers. */
        public void onOpen(Caller caller) {
            callers.add(caller);
        }

        /** Leaves the subscribers. */
        public void onClose(Caller caller) {
            callers.remove(caller);
        }

        /** A command from the control connection, which leaves the subscribers. */
        public void onTextMessage(Caller caller, String text) {
            callers.remove(caller);
            FanoutCommand command = FanoutCommand.parse(text);
            if (command.members()) {
                caller.writeTextMessage(FanoutCommand.membersAnswer(callers.size()));
            } else {
                publisher.submit(command, caller::writeTextMessage);
            }
        }
    }

    /** Starts a listener on {@link #HOST} at {@code port} (0 for any free port). */
    public static DuplexCallerLoopServer start(int port) {
        var listener = new Listener(port, ListenerConfiguration.builder().host(HOST).build());
        var subscribers = new Subscribers();
        listener.attach(PATH, request -> subscribers, WsServiceConfig.builder().build());
        listener.start();
        return new DuplexCallerLoopServer(listener, subscribers.publisher);
    }

    @Override
    public int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        publisher.close();
        listener.gracefulStop(Duration.ofSeconds(1));
    }
}
