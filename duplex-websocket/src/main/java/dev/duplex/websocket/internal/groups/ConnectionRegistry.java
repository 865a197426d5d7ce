package dev.duplex.websocket.internal.groups;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's open server connections by id, each with the path its service was attached at and the groups it is in
 * (so that it leaves them when it closes).
 *
 * <p>Thread safety: concurrent maps; a connection is added on its event loop when it opens and removed there when
 * it closes.
 */
final class ConnectionRegistry {
    /** One open connection. {@code groups} is changed by joins and leaves from any thread. */
    record Registered(ConnectionCaller caller, String servicePath, Set<String> groups) {
    }

    private final Map<String, Registered> open = new ConcurrentHashMap<>();

    void add(ConnectionCaller caller, String servicePath) {
        open.put(caller.getConnectionId(), new Registered(caller, servicePath, ConcurrentHashMap.newKeySet()));
    }

    /** Removes the connection; {@code null} when it was not registered. */
    Registered remove(String connectionId) {
        return open.remove(connectionId);
    }

    Registered get(String connectionId) {
        return open.get(connectionId);
    }

    Collection<Caller> all() {
        return open.values().stream().map(r -> (Caller) r.caller()).toList();
    }

    Collection<Caller> ofService(String servicePath) {
        return open.values().stream().filter(r -> r.servicePath().equals(servicePath))
                .map(r -> (Caller) r.caller()).toList();
    }

    List<String> ids() {
        return List.copyOf(open.keySet());
    }
}
