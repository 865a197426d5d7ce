package dev.duplex.websocket.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Group;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.SlowMemberPolicy;
import dev.duplex.websocket.testkit.RawWebSocket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The groups' meters after a scripted exchange: memberships, per-member delivery outcomes by policy, the members each
 * broadcast reached, and the broker's availability changes.
 */
class GroupMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryBroker.Hub hub = new InMemoryBroker.Hub();
    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    @Test
    void membershipsDeliveriesDropsAndBrokerChangesAreCounted() throws Exception {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").metrics(registry)
                .broker(new InMemoryBroker(hub)).build());
        listener.attach("/room", RoomService.factory(listener.groups(), RoomService.closeCodes()));
        listener.start();
        // A budget smaller than the message: every member's copy is dropped.
        Group tiny = listener.groups().group("tiny", GroupSettings.builder().memberBudget(8)
                .slowMembers(SlowMemberPolicy.DROP).build());
        try (var a = RawWebSocket.connect(listener.getPort(), "/room");
             var b = RawWebSocket.connect(listener.getPort(), "/room?room=tiny")) {
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get("duplex.group.memberships").gauge().value() == 2.0);
            listener.groups().group("room").broadcastText("hello");
            assertThat(a.readMessage().text()).isEqualTo("hello");
            tiny.broadcastText("longer than eight bytes");
            assertThat(registry.get("duplex.group.deliveries").tag("outcome", "queued").tag("policy", "drop")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get("duplex.group.deliveries").tag("outcome", "dropped").tag("policy", "drop")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get("duplex.group.broadcast.members").summary().count()).isEqualTo(2);
            assertThat(registry.get("duplex.bytes.sent").tag("type", "text").counter().count())
                    .as("payload bytes of the one copy queued").isEqualTo("hello".length());
            hub.down();
            hub.up();
            assertThat(registry.get("duplex.broker.availability.changes").tag("state", "down").counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("duplex.broker.availability.changes").tag("state", "up").counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("duplex.broker.available").gauge().value()).isEqualTo(1.0);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.get("duplex.group.memberships").gauge().value() == 0.0);
    }

    @Test
    void everyCallToTheBrokerIsTimedByOperationAndOutcome() throws Exception {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").metrics(registry)
                .broker(new InMemoryBroker(hub)).build());
        listener.attach("/room", RoomService.factory(listener.groups(), RoomService.closeCodes()));
        listener.start();
        Group room = listener.groups().group("room");
        room.broadcastText("one").cluster().toCompletableFuture().get(10, TimeUnit.SECONDS);
        room.members().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hub.down();
        assertThat(room.broadcastText("two").cluster().toCompletableFuture())
                .failsWithin(Duration.ofSeconds(10));
        hub.up();

        assertThat(registry.get("duplex.broker.calls").tag("operation", "publish").tag("outcome", "ok")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("duplex.broker.calls").tag("operation", "members").tag("outcome", "ok")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("duplex.broker.calls").tag("operation", "publish").tag("outcome", "failed")
                .timer().count()).isEqualTo(1);
    }
}
