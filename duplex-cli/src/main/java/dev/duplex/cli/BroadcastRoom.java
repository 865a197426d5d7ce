package dev.duplex.cli;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.OffsetEnvelope;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.cluster.HistoryLimits;
import java.time.Duration;

/**
 * {@code duplex serve --mode broadcast}: every message a connection sends goes to every connection of the room, its
 * sender included — on every node sharing the listener's broker. The room is one group of the listener's
 * {@link Groups}; a connection that stops reading misses messages rather than holding back the others.
 *
 * <p>With history ({@code --history N}), every text message reaches the members as {@code {"offset":"<offset>",
 * "text":"<message>"}} ({@link OffsetEnvelope#JSON}) in one order on every node, and a connection's <em>first</em>
 * text message is not broadcast: it is the last offset the client saw, or empty for none. The connection then gets
 * every message after that offset still kept, in order, and the live ones after them; when the offset is no longer
 * kept it gets {@code {"resumed":false}} and only the live messages. Until that first message it gets nothing.
 *
 * <p>Thread safety: the group is safe from any thread; each member's state is its connection's, whose messages are
 * dispatched one at a time.
 */
final class BroadcastRoom {
    /** How long the history keeps a message at most. */
    static final Duration HISTORY_AGE = Duration.ofMinutes(10);

    private final Group group;
    private final boolean history;

    /**
     * @param groups  the listener's groups
     * @param name    the room's group name
     * @param history how many messages to keep for resuming, or 0 for none
     */
    BroadcastRoom(Groups groups, String name, int history) {
        this.history = history > 0;
        GroupSettings.Builder settings = GroupSettings.builder();
        if (this.history) {
            settings.history(new HistoryLimits(history, HISTORY_AGE));
        }
        this.group = groups.group(name, settings.build());
    }

    Service member() {
        return new Member();
    }

    /** One connection of the room. */
    public final class Member implements Service {
        // Whether this connection has joined; written and read by its own message dispatch only.
        private boolean joined;

        public void onOpen(Caller caller) {
            if (!history) {
                group.join(caller);
                joined = true;
            }
        }

        public void onTextMessage(Caller caller, String text) {
            if (joined) {
                group.broadcastText(text);
                return;
            }
            joined = true;
            resume(caller, text.isEmpty() ? null : text);
        }

        public void onBinaryMessage(byte[] data) {
            if (joined) {
                group.broadcastBinary(data);
            }
        }

        public CloseFrame onIdleTimeout() {
            return new CloseFrame(1000, "idle");
        }

        public void onClose(Caller caller) {
            group.leave(caller);
        }
    }

    private void resume(Caller caller, String afterOffset) {
        group.resume(caller, afterOffset).whenComplete((resumption, error) -> {
            if (error == null && resumption.complete()) {
                return;
            }
            // Too far behind, the broker unreachable or an offset not of this room: the live messages from now.
            group.join(caller);
            String reason = error == null ? "the offset is no longer kept" : String.valueOf(
                    error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                            ? error.getCause() : error);
            try {
                caller.writeTextMessage("{\"resumed\":false,\"reason\":" + OffsetEnvelope.jsonString(reason) + "}");
            } catch (RuntimeException closed) {
                // The connection ended meanwhile.
            }
        });
    }
}
