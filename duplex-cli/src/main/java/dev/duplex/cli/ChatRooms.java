package dev.duplex.cli;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Named chat rooms on the library's groups: every text message a member sends is broadcast as JSON to everyone in
 * the room, and members are told when someone joins or leaves. Each room is the group {@code chat:<room>} of the
 * listener's {@link Groups} (shared by every node of the listener's broker, if it has one); a member that stops reading misses messages (the default slow-member policy) instead of
 * holding back the others.
 *
 * <p>Thread safety: the groups are safe from any thread; a broadcast never waits for a member.
 */
final class ChatRooms {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TEXT = 4000;

    private final Groups groups;

    ChatRooms(Groups groups) {
        this.groups = groups;
    }

    /** The service of one member of {@code room}. */
    Service join(String room, String name) {
        return new Member(room, name == null || name.isBlank() ? "anonymous" : name.strip());
    }

    private Group group(String room) {
        return groups.group("chat:" + room);
    }

    /**
     * Broadcasts {@code event} with {@code members}: how many people are in {@code room} on every node (the broker's
     * presence), or on this node when the broker cannot be reached.
     */
    private void broadcastWithCount(String room, ObjectNode event) {
        Group group = group(room);
        group.members().whenComplete((members, unreachable) -> {
            event.put("members", members == null ? group.localSize() : members.size());
            broadcast(room, event);
        });
    }

    private void broadcast(String room, ObjectNode event) {
        group(room).broadcastText(JSON.writeValueAsString(event));
    }

    private ObjectNode event(String type, String room, String from) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type);
        event.put("room", room);
        event.put("from", from);
        return event;
    }

    /** One member's connection. */
    public final class Member implements Service {
        private final String room;
        private final String name;

        Member(String room, String name) {
            this.room = room;
            this.name = name.length() > 40 ? name.substring(0, 40) : name;
        }

        public void onOpen(Caller caller) {
            group(room).join(caller);
            broadcastWithCount(room, event("joined", room, name));
        }

        public void onTextMessage(Caller caller, String text) {
            ObjectNode message = event("message", room, name);
            message.put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
            broadcast(room, message);
        }

        public void onClose(Caller caller) {
            // The connection left its groups when it closed; leaving again is harmless and makes the count certain.
            group(room).leave(caller);
            broadcastWithCount(room, event("left", room, name));
        }
    }
}
