package dev.duplex.benchmarks.cluster;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.redis.RedisBroker;
import java.time.Duration;

/**
 * One Duplex node of the cluster benchmark: a listener on 127.0.0.1 whose groups span the cluster through a
 * {@link RedisBroker}. Its service at {@link #PATH} takes two text commands from a client:
 * <ul>
 *   <li>{@code join GROUP} — the connection joins the group; the node answers {@code joined GROUP} once it has;</li>
 *   <li>{@code pub GROUP PAYLOAD} — the node broadcasts {@code PAYLOAD} to the group (a group without history: this
 *       node's members at once, the other nodes' through Redis). The publisher gets no answer.</li>
 * </ul>
 * Anything else is ignored. The service runs on the event loop, as the cheapest dispatch; what is measured is the groups' and the broker's work.
 *
 * <p>Thread safety: {@link #port()} and {@link #close()} from any thread; the listener owns everything else.
 */
public final class ClusterNode implements AutoCloseable {
    /** The path of the node's service. */
    public static final String PATH = "/cluster";
    private static final String HOST = "127.0.0.1";

    private final Listener listener;

    private ClusterNode(Listener listener) {
        this.listener = listener;
    }

    /** The commands above; stateless apart from the listener's registry, which the listener owns. */
    static final class Commands implements Service {
        private final Groups groups;

        Commands(Groups groups) {
            this.groups = groups;
        }

        public void onTextMessage(Caller caller, String text) {
            int space = text.indexOf(' ', 4);
            if (text.startsWith("pub ") && space > 4) {
                groups.group(text.substring(4, space)).broadcastText(text.substring(space + 1));
            } else if (text.startsWith("join ")) {
                String group = text.substring(5);
                groups.group(group).join(caller);
                caller.writeTextMessage("joined " + group);
            }
        }
    }

    /**
     * Starts a node on {@code port} (0 for any free port) with a Redis broker at {@code redisUri}.
     *
     * @param port     the port on 127.0.0.1, 0 for any
     * @param redisUri the broker's Redis, e.g. {@code redis://127.0.0.1:6380}
     * @param nodeId   the node's id in the cluster; unique per node
     * @return the started node
     */
    public static ClusterNode start(int port, String redisUri, String nodeId) {
        var listener = new Listener(port, ListenerConfiguration.builder()
                .host(HOST)
                .broker(RedisBroker.builder(redisUri).build())
                .nodeId(nodeId)
                .build());
        listener.attach(PATH, request -> new Commands(listener.groups()),
                WsServiceConfig.builder().dispatchMode(DispatchMode.EVENT_LOOP).build());
        listener.start();
        return new ClusterNode(listener);
    }

    /**
     * The port the node listens on.
     *
     * @return its port on 127.0.0.1
     */
    public int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        listener.gracefulStop(Duration.ofSeconds(1));
    }

    /**
     * {@code cluster node --redis URI [--port 0] [--node-id ID]}: starts a node, prints
     * {@code READY cluster-node port=N} and keeps it until the process is stopped.
     *
     * @param args the options above
     * @throws InterruptedException when interrupted while serving
     */
    static void main(String[] args) throws InterruptedException {
        var options = CommandLine.parse(args);
        ClusterNode node = start(options.intValue("port", 0), options.required("redis"),
                options.value("node-id", "node-" + ProcessHandle.current().pid()));
        var stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }));
        System.out.println("READY cluster-node port=" + node.port());
        System.out.flush();
        stopped.await();
    }
}
