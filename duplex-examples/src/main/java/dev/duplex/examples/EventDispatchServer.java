package dev.duplex.examples;

import dev.duplex.websocket.AsyncApi;
import dev.duplex.websocket.Caller;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.DispatcherConfig;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.ServiceConfig;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.UpgradeService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Custom dispatch (spec §3.2.2): JSON messages whose {@code "event"} field selects the method —
 * {@code {"event": "subscribe", "topic": "news", "id": "1"}} goes to {@link TopicService#onSubscribe}. Replies carry
 * the request's {@code "id"} ({@code dispatcherStreamId}). Prints the service's AsyncAPI document, then serves.
 *
 * <pre>{@code
 * mvn -q -pl duplex-examples exec:java -Dexec.mainClass=dev.duplex.examples.EventDispatchServer
 * }</pre>
 */
public final class EventDispatchServer {
    private EventDispatchServer() {
    }

    /** A subscription request. */
    public record Subscribe(String topic) {
    }

    /** An unsubscription request. */
    public record Unsubscribe(String topic) {
    }

    /** A heartbeat; answered with a {@link Heartbeat} of kind "pong". */
    public record Heartbeat(String kind) {
    }

    /** What subscribe and unsubscribe answer. */
    public record Ack(String event, String topic, Set<String> topics) {
    }

    /** Accepts every connection with a fresh {@link TopicService}. */
    @ServiceConfig(dispatcherKey = "event", dispatcherStreamId = "id")
    public static final class TopicUpgradeService implements UpgradeService {
        @Override
        public TopicService onUpgrade(UpgradeRequest request) {
            return new TopicService();
        }
    }

    /** Keeps the topics one connection subscribed to. */
    public static final class TopicService implements Service {
        private final Set<String> topics = ConcurrentHashMap.newKeySet();

        public Ack onSubscribe(Subscribe request) {
            topics.add(request.topic());
            return new Ack("subscribed", request.topic(), Set.copyOf(topics));
        }

        @DispatcherConfig(dispatcherValue = "unsubscribe")
        public Ack onUnsubscribeRequest(Unsubscribe request) {
            topics.remove(request.topic());
            return new Ack("unsubscribed", request.topic(), Set.copyOf(topics));
        }

        public Heartbeat onHeartbeat(Heartbeat beat) {
            return new Heartbeat("pong");
        }

        /** A subscribe message that does not bind (e.g. "topic" is a number array). */
        public void onSubscribeError(Caller caller, DataBindingException error) {
            caller.writeTextMessage("{\"event\":\"error\",\"message\":\"bad subscribe request\"}");
        }
    }

    /** Starts the service at {@code /events} on {@code port} of every address. */
    public static Listener start(int port) {
        return start(port, "0.0.0.0");
    }

    /** Starts the service at {@code /events} on {@code port} of {@code host} (0: any free port). */
    public static Listener start(int port, String host) {
        var listener = new Listener(port, ListenerConfiguration.builder().host(host).build());
        listener.attach("/events", new TopicUpgradeService());
        listener.start();
        return listener;
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println(AsyncApi.describe(TopicUpgradeService.class, "/events"));
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
        Listener listener = start(port);
        System.out.println("Listening on ws://localhost:" + listener.getPort()
                + "/events — send {\"event\":\"subscribe\",\"topic\":\"news\",\"id\":\"1\"}");
        Runtime.getRuntime().addShutdownHook(new Thread(listener::gracefulStop));
        Thread.currentThread().join();
    }
}
