package dev.duplex.websocket.testkit;

import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.UpgradeService;
import dev.duplex.websocket.WsServiceConfig;
import java.net.URI;

/**
 * A started {@link Listener} on 127.0.0.1 and a free port, for tests: attach services, connect to {@link #uri}, and
 * close it (an immediate stop) in a try-with-resources block.
 *
 * <p>Thread safety: as {@link Listener}.
 */
public final class LoopbackListener implements AutoCloseable {
    private final Listener listener;

    private LoopbackListener(Listener listener) {
        this.listener = listener;
    }

    /** A started listener with no service attached. */
    public static LoopbackListener start() {
        var listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.start();
        return new LoopbackListener(listener);
    }

    /** A started listener with {@code upgradeService} at {@code path} and the default service configuration. */
    public static LoopbackListener start(String path, UpgradeService upgradeService) {
        return start(path, upgradeService, WsServiceConfig.DEFAULT);
    }

    /** A started listener with {@code upgradeService} at {@code path} and {@code config}. */
    public static LoopbackListener start(String path, UpgradeService upgradeService, WsServiceConfig config) {
        LoopbackListener started = start();
        started.listener.attach(path, upgradeService, config);
        return started;
    }

    public Listener listener() {
        return listener;
    }

    public int port() {
        return listener.getPort();
    }

    /** {@code ws://127.0.0.1:<port><path>}. */
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** Stops at once: tests never wait for closing handshakes here. */
    @Override
    public void close() {
        listener.immediateStop();
    }
}
