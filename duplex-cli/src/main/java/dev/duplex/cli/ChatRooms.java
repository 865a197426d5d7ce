package dev.duplex.cli;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WebSocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Named chat rooms: every text message a member sends is broadcast as JSON to everyone in the room, and members are
 * told when someone joins or leaves.
 *
 * <p>Thread safety: rooms and their member sets are concurrent; a broadcast writes to each member (writes are
 * thread-safe in Duplex), skipping members that are closing.
 */
final class ChatRooms {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TEXT = 4000;

    private final Map<String, Set<Caller>> rooms = new ConcurrentHashMap<>();

    /** The service of one member of {@code room}. */
    Service join(String room, String name) {
        return new Member(room, name == null || name.isBlank() ? "anonymous" : name.strip());
    }

    /** How many people are in {@code room}. */
    int size(String room) {
        Set<Caller> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    private void broadcast(String room, ObjectNode event) {
        String text = JSON.writeValueAsString(event);
        for (Caller member : rooms.getOrDefault(room, Set.of())) {
            try {
                member.writeTextMessage(text);
            } catch (ConnectionClosureException leaving) {
                // That member is closing; its onClose removes it.
            } catch (WebSocketException slow) {
                System.err.println("chat: could not deliver to " + member.getConnectionId() + ": " + slow.getMessage());
            }
        }
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
            rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(caller);
            ObjectNode joined = event("joined", room, name);
            joined.put("members", size(room));
            broadcast(room, joined);
        }

        public void onTextMessage(Caller caller, String text) {
            ObjectNode message = event("message", room, name);
            message.put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
            broadcast(room, message);
        }

        public void onClose(Caller caller) {
            Set<Caller> members = rooms.get(room);
            if (members != null) {
                members.remove(caller);
                rooms.computeIfPresent(room, (r, set) -> set.isEmpty() ? null : set);
            }
            ObjectNode left = event("left", room, name);
            left.put("members", size(room));
            broadcast(room, left);
        }
    }
}
