package dev.duplex.examples.guide;

import dev.duplex.websocket.AsyncApi;
import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.DispatcherConfig;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.ServiceConfig;
import dev.duplex.websocket.TypeRef;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.UpgradeService;
import java.math.BigDecimal;
import java.util.List;

/** The code of docs/data-binding.md; see {@link ListenerGuide} for how snippets are kept true. */
public final class BindingGuide {
    private BindingGuide() {
    }

    // tag::records[]
    public record Order(String id, BigDecimal amount) {
    }

    public sealed interface Event permits Placed, Cancelled {
    }

    public record Placed(Order order) implements Event {
    }

    public record Cancelled(String orderId) implements Event {
    }
    // end::records[]

    // tag::on-message[]
    public static class OrderService implements Service {
        public Placed onMessage(Caller caller, Order order) {   // text or binary JSON, bound to Order
            return new Placed(order);                          // sent back as JSON text
        }

        public void onMessageError(Caller caller, DataBindingException error) {
            caller.writeTextMessage("{\"error\":\"not an order\"}");
        }
    }
    // end::on-message[]

    static void client(String url) {
        // tag::client[]
        try (var client = new Client(url)) {
            client.writeMessage(new Order("o-1", new BigDecimal("12.50")));   // JSON text
            Event event = client.readMessage(Event.class);                    // {"type":"Placed",...}
            List<Order> orders = client.readMessage(new TypeRef<List<Order>>() { });
            System.out.println(event + " " + orders);
        }
        // end::client[]
    }

    // tag::dispatch[]
    public record Subscribe(String topic) {
    }

    @ServiceConfig(dispatcherKey = "event", dispatcherStreamId = "id")
    public static final class TopicUpgradeService implements UpgradeService {
        @Override
        public TopicService onUpgrade(UpgradeRequest request) {
            return new TopicService();
        }
    }

    public static final class TopicService implements Service {
        public String onHeartbeat(Caller caller, Object ignored) {          // {"event": "heartbeat"}
            return "{\"event\":\"heartbeat\"}";
        }

        @DispatcherConfig(dispatcherValue = "subscribe")                     // {"event": "subscribe", ...}
        public List<String> onSubscribeRequest(Subscribe request) {
            return List.of(request.topic() + " subscribed");
        }

        public void onSubscribeRequestError(Caller caller, DataBindingException error) {
            caller.writeTextMessage("{\"event\":\"error\"}");
        }
    }
    // end::dispatch[]

    static String asyncApi() {
        // tag::asyncapi[]
        String document = AsyncApi.describe(TopicUpgradeService.class, "/topics");
        // end::asyncapi[]
        return document;
    }
}
