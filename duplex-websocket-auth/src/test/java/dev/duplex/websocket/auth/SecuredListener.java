package dev.duplex.websocket.auth;

import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerAuthConfig;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener on 127.0.0.1 (ephemeral port) with one service at {@code /secure} guarded by the given auth list. The
 * service answers any text with "name scope1,scope2" of the caller's principal; the upgrade service records the
 * principal it saw.
 */
public final class SecuredListener implements AutoCloseable {
    /** Answers with the caller's principal: "name scope1,scope2" (scopes sorted). */
    public static class WhoAmI implements Service {
        public String onTextMessage(Caller caller, String text) {
            return caller.getPrincipal().map(SecuredListener::describe).orElse("nobody");
        }
    }

    private final Listener listener;
    /** Principals the upgrade service saw, in order. */
    public final List<Optional<AuthenticatedPrincipal>> upgradePrincipals = new CopyOnWriteArrayList<>();

    public SecuredListener(ListenerAuthConfig... auth) {
        this(List.of(), auth);
    }

    public SecuredListener(List<String> subProtocols, ListenerAuthConfig... auth) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        WsServiceConfig.Builder config = WsServiceConfig.builder().auth(auth);
        if (!subProtocols.isEmpty()) {
            config.subProtocols(subProtocols.toArray(String[]::new));
        }
        listener.attach("/secure", request -> {
            upgradePrincipals.add(request.principal());
            return new WhoAmI();
        }, config.build());
        listener.start();
    }

    public static String describe(AuthenticatedPrincipal principal) {
        return principal.name() + " " + String.join(",", new TreeSet<>(principal.scopes()));
    }

    public int port() {
        return listener.getPort();
    }

    public String url() {
        return "ws://127.0.0.1:" + port() + "/secure";
    }

    @Override
    public void close() {
        listener.immediateStop();
    }
}
