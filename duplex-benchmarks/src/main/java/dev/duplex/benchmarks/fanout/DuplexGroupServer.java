package dev.duplex.benchmarks.fanout;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import java.time.Duration;

/**
 * PENDING: compiled in once {@code Group#broadcastText} lands (issue 14, the groups part). To enable it: move this
 * file to src/main/java, add {@code DUPLEX_GROUP("duplex-group")} to {@link FanoutServerKind} with
 * {@code case DUPLEX_GROUP -> DuplexGroupServer.start(port);}, and add duplex-group to run-fanout.sh's SERVERS.
 *
 * <p>Duplex's own fan-out: subscribers join one {@link Group} of the listener's registry in {@code onOpen} (they
 * leave it by themselves when they close) and the publisher calls {@link Group#broadcastText(String)} once per
 * message, which encodes the frame once and never waits on a member. The group's settings are Duplex's defaults
 * (slow members' copies dropped past their budget). Back to back, the publisher never waits, so once it runs more
 * than a member's budget ahead of that member's socket, copies are dropped even for members that read: the delivered
 * share says how many; the paced scenarios measure it without drops.
 */
public final class DuplexGroupServer implements FanoutServer {
    private static final String GROUP = "fanout";

    private final Listener listener;
    private final PublishLoop publisher;

    private DuplexGroupServer(Listener listener, PublishLoop publisher) {
        this.listener = listener;
        this.publisher = publisher;
    }

    /** Joins subscribers to the group; answers the control connection's commands. */
    public static final class Subscribers implements Service {
        /** The listener's group; thread-safe, owned by the listener's registry. */
        private final Group group;
        private final PublishLoop publisher;

        Subscribers(Group group) {
            this.group = group;
            this.publisher = new PublishLoop((batch, sequence, publishNanos) ->
                    group.broadcastText(FanoutMessage.encodeText(batch, sequence, publishNanos)));
        }

        /** Joins the group. */
        public void onOpen(Caller caller) {
            group.join(caller);
        }

        /** A command from the control connection, which leaves the group. */
        public void onTextMessage(Caller caller, String text) {
            group.leave(caller);
            FanoutCommand command = FanoutCommand.parse(text);
            if (command.members()) {
                caller.writeTextMessage(FanoutCommand.membersAnswer(group.localSize()));
            } else {
                publisher.submit(command, caller::writeTextMessage);
            }
        }
    }

    /** Starts a listener on {@link #HOST} at {@code port} (0 for any free port). */
    public static DuplexGroupServer start(int port) {
        var listener = new Listener(port, ListenerConfiguration.builder().host(HOST).build());
        var subscribers = new Subscribers(listener.groups().group(GROUP));
        listener.attach(PATH, request -> subscribers, WsServiceConfig.builder().build());
        listener.start();
        return new DuplexGroupServer(listener, subscribers.publisher);
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
