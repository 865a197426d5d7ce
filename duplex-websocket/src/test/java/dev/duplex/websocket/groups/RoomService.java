package dev.duplex.websocket.groups;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.Service;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service under test in the group tests: a connection joins the group named by {@code ?room=} (default "room")
 * when it opens; a text message is broadcast to the room, leaving out its sender when it starts with "except:". The
 * close codes the service saw are kept by connection id.
 */
public final class RoomService implements Service {
    private final Groups groups;
    private final Map<String, Integer> closeCodes;

    RoomService(Groups groups, Map<String, Integer> closeCodes) {
        this.groups = groups;
        this.closeCodes = closeCodes;
    }

    /** Makes a service per connection sharing {@code closeCodes}. */
    static dev.duplex.websocket.UpgradeService factory(Groups groups, Map<String, Integer> closeCodes) {
        return request -> new RoomService(groups, closeCodes);
    }

    /** A fresh map for close codes. */
    static Map<String, Integer> closeCodes() {
        return new ConcurrentHashMap<>();
    }

    public void onOpen(Caller caller) {
        groups.group(room(caller)).join(caller);
    }

    public void onTextMessage(Caller caller, String text) {
        if (text.startsWith("except:")) {
            groups.group(room(caller)).broadcastText(text.substring("except:".length()), caller);
        } else {
            groups.group(room(caller)).broadcastText(text);
        }
    }

    public void onClose(Caller caller, int statusCode, String reason) {
        closeCodes.put(caller.getConnectionId(), statusCode);
    }

    private static String room(Caller caller) {
        String room = caller.getUpgradeRequest().queryParam("room");
        return room == null ? "room" : room;
    }
}
