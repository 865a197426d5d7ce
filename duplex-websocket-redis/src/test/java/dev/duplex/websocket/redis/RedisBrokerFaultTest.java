package dev.duplex.websocket.redis;

import static dev.duplex.websocket.redis.RedisCluster.WAIT;
import static dev.duplex.websocket.redis.RedisCluster.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.cluster.BrokerUnavailableException;
import dev.duplex.websocket.cluster.ClusterMember;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.redis.testkit.RecordingNode;
import dev.duplex.websocket.redis.testkit.RecordingNode.Availability;
import dev.duplex.websocket.redis.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away and comes back (killed, then started again empty on the same port): the nodes fail fast meanwhile,
 * hear about both changes, and afterwards subscribe, announce and carry messages again by themselves.
 */
class RedisBrokerFaultTest {
    private static final HistoryLimits HISTORY = new HistoryLimits(100, Duration.ofHours(1));

    private final RecordingNode a = new RecordingNode("node-a");
    private final RecordingNode b = new RecordingNode("node-b");
    private RedisServerProcess redis;
    private RedisCluster cluster;
    private RedisBroker brokerA;
    private RedisBroker brokerB;

    @BeforeEach
    void startTwoNodesWithMembersInOneGroup() throws Exception {
        redis = RedisServerProcess.start();
        cluster = new RedisCluster(redis);
        brokerA = cluster.start(a);
        brokerB = cluster.start(b);
        a.join(brokerA, "room", "a1");
        b.join(brokerB, "room", "b1");
        b.open(brokerB, "b1");
        awaitReady("room", brokerA, brokerB);
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void whileRedisIsDownEveryCrossNodeOperationFailsAtOnceAndEachNodeHearsItOnce() throws Exception {
        redis.kill();

        for (RecordingNode node : List.of(a, b)) {
            await(node.nodeId() + " hears that Redis is gone").atMost(WAIT)
                    .until(() -> lastIsDown(node));
        }
        assertThat(brokerA.isAvailable()).isFalse();
        assertFailsAtOnce(brokerA.publish("room", a.text("lost")));
        assertFailsAtOnce(brokerA.append("room", a.text("lost"), HISTORY));
        assertFailsAtOnce(brokerA.replay("room", "0-1", 10));
        assertFailsAtOnce(brokerA.members("room"));
        assertFailsAtOnce(brokerA.sendTo("b1", a.text("lost")));
        assertThat(a.availability()).extracting(Availability::available).containsExactly(true, false);
        assertThat(a.availability().get(1).cause()).isNotNull();
    }

    @Test
    void whenRedisComesBackOnTheSamePortTheNodesSubscribeAnnounceAndCarryMessagesAgain() throws Exception {
        redis.kill();
        await().atMost(WAIT).until(() -> lastIsDown(a) && lastIsDown(b));

        redis.startAgain();

        for (RecordingNode node : List.of(a, b)) {
            await(node.nodeId() + " hears that Redis is back").atMost(WAIT)
                    .until(() -> node.availability().stream().map(Availability::available).toList()
                            .equals(List.of(true, false, true)));
        }
        assertThat(members(brokerA)).as("re-announced into an empty Redis from localMembership()").isEqualTo(Set.of(
                new ClusterMember("a1", "node-a"), new ClusterMember("b1", "node-b")));
        brokerA.publish("room", a.text("after the restart")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> b.textsFor("room").equals(List.of("after the restart")));
        String offset = brokerB.append("room", b.text("kept"), HISTORY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> a.textsFor("room").equals(List.of("kept")));
        assertThat(a.deliveries().get(0).offset()).isEqualTo(offset);
        assertThat(brokerA.sendTo("b1", a.text("direct")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aNodeStartedWhileRedisIsDownFailsFastAndConnectsOnceRedisIsUp() throws Exception {
        redis.kill();
        RecordingNode late = new RecordingNode("node-late");
        RedisBroker brokerLate = cluster.startWithoutWaiting(late);
        await().atMost(WAIT).until(() -> lastIsDown(late) && lastIsDown(b));
        assertFailsAtOnce(brokerLate.publish("room", late.text("lost")));

        redis.startAgain();

        await("the late node connects by itself").atMost(WAIT).until(brokerLate::isAvailable);
        assertThat(late.availability()).extracting(Availability::available).containsExactly(false, true);
        // Pub/sub delivers to whoever is subscribed when the message is published: node-b must be back first.
        await("node-b is back").atMost(WAIT).until(() -> !lastIsDown(b));
        awaitReady("room", brokerB);
        brokerLate.publish("room", late.text("hello from the late node")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> b.textsFor("room").contains("hello from the late node"));
    }

    private static boolean lastIsDown(RecordingNode node) {
        List<Availability> changes = node.availability();
        return !changes.isEmpty() && !changes.get(changes.size() - 1).available();
    }

    private static Set<ClusterMember> members(RedisBroker broker) throws Exception {
        return broker.members("room").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static void assertFailsAtOnce(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        assertThat(future).as("completed before any network round trip").isCompletedExceptionally();
        try {
            future.join();
        } catch (java.util.concurrent.CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("unreachable");
            return;
        }
        throw new AssertionError("expected a BrokerUnavailableException");
    }
}
