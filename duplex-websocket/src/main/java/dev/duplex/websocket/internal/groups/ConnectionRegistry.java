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
    /** One open connection, with the groups it is in (changed by joins and leaves from any thread). */
    static final class Registered {
        private final ConnectionCaller caller;
        private final String servicePath;
        /** Made by the first join: most connections of a listener with groups are in none or stay in none. */
        private volatile Set<String> groups;

        Registered(ConnectionCaller caller, String servicePath) {
            this.caller = caller;
            this.servicePath = servicePath;
        }

        ConnectionCaller caller() {
            return caller;
        }

        String servicePath() {
            return servicePath;
        }

        /** The groups it is in now; a snapshot. */
        Set<String> groups() {
            Set<String> names = groups;
            return names == null ? Set.of() : Set.copyOf(names);
        }

        void joined(String group) {
            Set<String> names = groups;
            if (names == null) {
                synchronized (this) {
                    names = groups;
                    if (names == null) {
                        names = ConcurrentHashMap.newKeySet();
                        groups = names;
                    }
                }
            }
            names.add(group);
        }

        void left(String group) {
            Set<String> names = groups;
            if (names != null) {
                names.remove(group);
            }
        }
    }

    private final Map<String, Registered> open = new ConcurrentHashMap<>();

    void add(ConnectionCaller caller, String servicePath) {
        open.put(caller.getConnectionId(), new Registered(caller, servicePath));
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
