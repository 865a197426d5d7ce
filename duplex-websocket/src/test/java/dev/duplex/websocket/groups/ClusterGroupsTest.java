package dev.duplex.websocket.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Delivery;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.cluster.BrokerUnavailableException;
import dev.duplex.websocket.cluster.ClusterMember;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core's side of the broker SPI: two listeners in one JVM sharing an {@link InMemoryBroker} hub form a cluster.
 * Broadcasts, history, presence and send-by-id cross nodes; while the broker is down, local delivery goes on and
 * cross-node operations fail fast with {@link BrokerUnavailableException}.
 */
class ClusterGroupsTest {
    private final InMemoryBroker.Hub hub = new InMemoryBroker.Hub();
    private Listener nodeA;
    private Listener nodeB;

    private Listener node(String id) {
        var listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .broker(new InMemoryBroker(hub)).nodeId(id).build());
        listener.attach("/room", RoomService.factory(listener.groups(), RoomService.closeCodes()));
        listener.start();
        return listener;
    }

    @BeforeEach
    void start() {
        nodeA = node("a");
        nodeB = node("b");
    }

    @AfterEach
    void stop() {
        nodeA.immediateStop();
        nodeB.immediateStop();
    }

    private static void awaitSize(Listener node, String group, int size) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> node.groups().group(group).localSize() == size);
    }

    @Test
    void aBroadcastOnOneNodeReachesTheMembersOnEveryNodeButTheSender() throws Exception {
        try (var onA = RawWebSocket.connect(nodeA.getPort(), "/room");
             var onB = RawWebSocket.connect(nodeB.getPort(), "/room");
             var alsoOnB = RawWebSocket.connect(nodeB.getPort(), "/room")) {
            awaitSize(nodeA, "room", 1);
            awaitSize(nodeB, "room", 2);
            assertThat(nodeA.groups().nodeId()).isEqualTo("a");
            onB.sendText("except:from b");
            assertThat(onA.readMessage().text()).isEqualTo("from b");
            assertThat(alsoOnB.readMessage().text()).isEqualTo("from b");
            Delivery delivery = nodeA.groups().group("room").broadcastText("from a");
            assertThat(delivery.queued()).as("members on node a").isEqualTo(1);
            delivery.cluster().toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (RawWebSocket peer : new RawWebSocket[] {onA, onB, alsoOnB}) {
                assertThat(peer.readMessage().text()).isEqualTo("from a");
            }
        }
    }

    @Test
    void membersListsTheMembersOfEveryNodeAndSendByIdReachesAnotherNode() throws Exception {
        try (var onA = RawWebSocket.connect(nodeA.getPort(), "/room");
             var onB = RawWebSocket.connect(nodeB.getPort(), "/room")) {
            awaitSize(nodeA, "room", 1);
            awaitSize(nodeB, "room", 1);
            var members = nodeA.groups().group("room").members().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(members).extracting(ClusterMember::nodeId).containsExactlyInAnyOrder("a", "b");
            String idOnB = nodeB.groups().group("room").localMembers().iterator().next().getConnectionId();
            assertThat(nodeA.groups().sendText(idOnB, "direct from a").toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(onB.readMessage().text()).isEqualTo("direct from a");
            assertThat(nodeA.groups().sendText("unknown", "lost").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isFalse();
        }
    }

    @Test
    void aConnectionOfAnotherListenerCannotJoinAndAClosedOneIsNotAdded() throws Exception {
        var onB = RawWebSocket.connect(nodeB.getPort(), "/room");
        awaitSize(nodeB, "room", 1);
        var callerOnB = nodeB.groups().group("room").localMembers().iterator().next();
        assertThatThrownBy(() -> nodeA.groups().group("room").join(callerOnB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a server connection");
        onB.close();
        awaitSize(nodeB, "room", 0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !callerOnB.isOpen());
        assertThat(nodeB.groups().group("room").join(callerOnB)).as("closed").isFalse();
        assertThat(nodeB.groups().group("room").localSize()).isZero();
    }

    @Test
    void aGroupWithHistoryDeliversEveryMessageWithTheBrokersOffsetOnEveryNode() throws Exception {
        var settings = GroupSettings.builder().history(new HistoryLimits(10, Duration.ofHours(1))).build();
        Group onNodeA = nodeA.groups().group("log", settings);
        Group onNodeB = nodeB.groups().group("log", settings);
        try (var onA = RawWebSocket.connect(nodeA.getPort(), "/room?room=log");
             var onB = RawWebSocket.connect(nodeB.getPort(), "/room?room=log")) {
            awaitSize(nodeA, "log", 1);
            awaitSize(nodeB, "log", 1);
            onNodeA.broadcastText("one").cluster().toCompletableFuture().get(10, TimeUnit.SECONDS);
            onNodeB.broadcastText("two").cluster().toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (RawWebSocket peer : new RawWebSocket[] {onA, onB}) {
                assertThat(peer.readMessage().text()).isEqualTo("{\"offset\":\"1\",\"text\":\"one\"}");
                assertThat(peer.readMessage().text()).isEqualTo("{\"offset\":\"2\",\"text\":\"two\"}");
            }
        }
        try (var back = RawWebSocket.connect(nodeB.getPort(), "/room?room=other")) {
            awaitSize(nodeB, "other", 1);
            var caller = nodeB.groups().group("other").localMembers().iterator().next();
            var resumed = onNodeB.resume(caller, "1").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(resumed.complete()).isTrue();
            assertThat(back.readMessage().text()).isEqualTo("{\"offset\":\"2\",\"text\":\"two\"}");
        }
    }

    @Test
    void aResumedMemberOfANodeBehindTheHistoryGetsTheMessagesItWasReplayedOnlyOnce() throws Exception {
        var settings = GroupSettings.builder().history(new HistoryLimits(10, Duration.ofHours(1))).build();
        Group onNodeA = nodeA.groups().group("log", settings);
        Group onNodeB = nodeB.groups().group("log", settings);
        try (var onB = RawWebSocket.connect(nodeB.getPort(), "/room?room=log");
             var back = RawWebSocket.connect(nodeB.getPort(), "/room?room=other")) {
            awaitSize(nodeB, "log", 1);
            awaitSize(nodeB, "other", 1);
            onNodeA.broadcastText("one").cluster().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(onB.readMessage().text()).isEqualTo("{\"offset\":\"1\",\"text\":\"one\"}");
            hub.lag("b");
            onNodeA.broadcastText("two").cluster().toCompletableFuture().get(10, TimeUnit.SECONDS);
            onNodeA.broadcastText("three").cluster().toCompletableFuture().get(10, TimeUnit.SECONDS);

            var caller = nodeB.groups().group("other").localMembers().iterator().next();
            var resumed = onNodeB.resume(caller, "1").toCompletableFuture().get(10, TimeUnit.SECONDS);
            hub.catchUp();
            onNodeA.broadcastText("four").cluster().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(resumed.replayed()).isEqualTo(2);
            assertThat(back.readMessage().text()).isEqualTo("{\"offset\":\"2\",\"text\":\"two\"}");
            assertThat(back.readMessage().text()).isEqualTo("{\"offset\":\"3\",\"text\":\"three\"}");
            assertThat(back.readMessage().text()).isEqualTo("{\"offset\":\"4\",\"text\":\"four\"}");
        }
    }

    @Test
    void whileTheBrokerIsDownLocalDeliveryGoesOnAndCrossNodeOperationsFailFast() throws Exception {
        try (var onA = RawWebSocket.connect(nodeA.getPort(), "/room");
             var onB = RawWebSocket.connect(nodeB.getPort(), "/room")) {
            awaitSize(nodeA, "room", 1);
            awaitSize(nodeB, "room", 1);
            hub.down();
            Delivery delivery = nodeA.groups().group("room").broadcastText("local only");
            assertThat(delivery.queued()).isEqualTo(1);
            assertThat(onA.readMessage().text()).isEqualTo("local only");
            assertThatThrownBy(() -> delivery.cluster().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BrokerUnavailableException.class);
            assertThatThrownBy(() -> nodeA.groups().group("room").members().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BrokerUnavailableException.class);
            String idOnB = nodeB.groups().group("room").localMembers().iterator().next().getConnectionId();
            assertThatThrownBy(() -> nodeA.groups().sendText(idOnB, "lost").toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BrokerUnavailableException.class);
            var history = GroupSettings.builder().history(new HistoryLimits(10, Duration.ofHours(1))).build();
            var caller = nodeA.groups().group("room").localMembers().iterator().next();
            assertThatThrownBy(() -> nodeA.groups().group("log", history).resume(caller, "1").toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BrokerUnavailableException.class);
            hub.up();
            nodeA.groups().group("room").broadcastText("everywhere again").cluster().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(onA.readMessage().text()).isEqualTo("everywhere again");
            assertThat(onB.readMessage().text()).as("node b missed the message sent while down")
                    .isEqualTo("everywhere again");
        }
    }
}
