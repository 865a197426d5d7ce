package dev.duplex.websocket.redis;

import static dev.duplex.websocket.redis.RedisCluster.WAIT;
import static dev.duplex.websocket.redis.RedisCluster.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.cluster.ClusterMember;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.cluster.Replay;
import dev.duplex.websocket.redis.testkit.RecordingNode;
import dev.duplex.websocket.redis.testkit.RecordingNode.Delivery;
import dev.duplex.websocket.redis.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three nodes in this JVM on one real redis-server: broadcasts, history, presence and sending to one connection. */
class RedisBrokerTest {
    private static final HistoryLimits ROOMY = new HistoryLimits(1000, Duration.ofHours(1));
    private static RedisServerProcess redis;

    private final RecordingNode a = new RecordingNode("node-a");
    private final RecordingNode b = new RecordingNode("node-b");
    private final RecordingNode c = new RecordingNode("node-c");
    private RedisCluster cluster;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<RedisBroker> startThree() {
        cluster = new RedisCluster(redis);
        return List.of(cluster.start(a), cluster.start(b), cluster.start(c));
    }

    @Test
    void aPublishReachesTheOtherNodesWithMembersAndNotThePublishingNode() throws Exception {
        List<RedisBroker> brokers = startThree();
        a.join(brokers.get(0), "room", "a1");
        b.join(brokers.get(1), "room", "b1");
        awaitReady("room", brokers.get(0), brokers.get(1));

        brokers.get(0).publish("room", a.text("hello")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> b.textsFor("room").equals(List.of("hello")));
        assertThat(b.deliveries()).containsExactly(new Delivery("room", "hello", null, "node-a"));
        assertThat(a.deliveries()).as("the publishing node delivers to its own members itself").isEmpty();
        assertThat(c.deliveries()).as("a node without members in the group").isEmpty();
    }

    @Test
    void historyAppendsReachEveryNodeIncludingTheAppendingOneInOneOrderWithTheirOffsets() throws Exception {
        List<RedisBroker> brokers = startThree();
        for (int i = 0; i < 3; i++) {
            List.of(a, b, c).get(i).join(brokers.get(i), "log", "member-" + i);
        }
        awaitReady("log", brokers.toArray(RedisBroker[]::new));

        List<String> offsets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RedisBroker appender = brokers.get(i % 2);
            RecordingNode origin = i % 2 == 0 ? a : b;
            offsets.add(appender.append("log", origin.text("m" + i), ROOMY).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
        }

        for (RecordingNode node : List.of(a, b, c)) {
            await().atMost(WAIT).until(() -> node.deliveries().size() == 10);
            assertThat(node.deliveries().stream().map(Delivery::offset).toList()).isEqualTo(offsets);
            assertThat(node.textsFor("log")).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8",
                    "m9");
        }
        assertThat(offsets).doesNotHaveDuplicates();
        assertThat(a.callingThreads()).as("never a Lettuce I/O thread").containsExactly("duplex-redis-broker");
    }

    @Test
    void aMessageANodeAppendsRightAfterSubscribingReachesThatNodesOwnMembers() throws Exception {
        RedisBroker broker = startThree().get(0);
        a.join(broker, "already-read", "a0");
        awaitReady("already-read", broker);

        for (int i = 0; i < 5; i++) {
            String group = "new-" + i;
            a.join(broker, group, "a" + i);
            broker.append(group, a.text("first of " + group), ROOMY).toCompletableFuture().get(5, TimeUnit.SECONDS);

            await(group).atMost(WAIT).until(() -> a.textsFor(group).equals(List.of("first of " + group)));
        }
    }

    @Test
    void aReplayReturnsTheMessagesAfterTheOffsetOldestFirstUpToTheNumberAskedFor() throws Exception {
        RedisBroker broker = startThree().get(0);
        List<String> offsets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            offsets.add(broker.append("story", a.text("s" + i), ROOMY).toCompletableFuture().get(5, TimeUnit.SECONDS));
        }

        Replay all = broker.replay("story", offsets.get(1), 10).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Replay two = broker.replay("story", offsets.get(1), 2).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Replay none = broker.replay("story", offsets.get(4), 10).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(all.complete()).isTrue();
        assertThat(all.entries()).extracting(Replay.Entry::offset).containsExactlyElementsOf(offsets.subList(2, 5));
        assertThat(all.entries()).extracting(entry -> new String(entry.message().payload()))
                .containsExactly("s2", "s3", "s4");
        assertThat(two.entries()).extracting(Replay.Entry::offset).containsExactlyElementsOf(offsets.subList(2, 4));
        assertThat(none.complete()).isTrue();
        assertThat(none.entries()).isEmpty();
    }

    @Test
    void aReplayFromAnOffsetTheHistoryNoLongerKeepsIsIncomplete() throws Exception {
        RedisBroker broker = startThree().get(0);
        HistoryLimits tenMessages = new HistoryLimits(10, Duration.ofHours(1));
        List<String> offsets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            offsets.add(broker.append("short", a.text("t" + i), tenMessages).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
        }

        Replay trimmed = broker.replay("short", offsets.get(0), 5).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Replay recent = broker.replay("short", offsets.get(296), 5).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(trimmed.complete()).as("the first message was trimmed away").isFalse();
        assertThat(trimmed.entries()).hasSize(5);
        assertThat(offsets.indexOf(trimmed.entries().get(0).offset())).isGreaterThan(1);
        assertThat(recent.complete()).isTrue();
        assertThat(recent.entries()).extracting(Replay.Entry::offset).containsExactlyElementsOf(offsets.subList(297,
                300));
    }

    @Test
    void entriesOlderThanTheHistorysMaxAgeAreTrimmedByTheNextAppendAndNotBefore() throws Exception {
        RedisBroker broker = startThree().get(0);
        HistoryLimits oneSecond = new HistoryLimits(1000, Duration.ofSeconds(1));
        long appended = System.nanoTime();
        String first = broker.append("aging", a.text("old"), oneSecond).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            broker.append("aging", a.text("new"), oneSecond).toCompletableFuture().get(5, TimeUnit.SECONDS);
            return !broker.replay("aging", first, 10).toCompletableFuture().get(5, TimeUnit.SECONDS).complete();
        });

        assertThat(Duration.ofNanos(System.nanoTime() - appended)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void membersListsTheMembersOfEveryNodeAndForgetsOneThatLeft() throws Exception {
        List<RedisBroker> brokers = startThree();
        a.join(brokers.get(0), "room", "a1");
        a.join(brokers.get(0), "room", "a2");
        b.join(brokers.get(1), "room", "b1");

        await().atMost(WAIT).until(() -> members(brokers.get(2), "room").equals(Set.of(
                new ClusterMember("a1", "node-a"), new ClusterMember("a2", "node-a"),
                new ClusterMember("b1", "node-b"))));
        brokers.get(0).left("room", "a2");

        await().atMost(WAIT).until(() -> members(brokers.get(2), "room").equals(Set.of(
                new ClusterMember("a1", "node-a"), new ClusterMember("b1", "node-b"))));
    }

    @Test
    void membersAskedRightAfterAJoinOnTheSameNodeIncludeThatMember() throws Exception {
        List<RedisBroker> brokers = startThree();
        RedisBroker node = brokers.get(0);

        for (int i = 0; i < 50; i++) {
            a.join(node, "room-" + i, "a" + i);
            assertThat(members(node, "room-" + i)).as("members of room-%d right after a%d joined on this node", i, i)
                    .contains(new ClusterMember("a" + i, "node-a"));
        }
    }

    @Test
    void sendToReachesAConnectionOnAnotherNodeOrOnThisOneAndReportsAnUnknownOne() throws Exception {
        List<RedisBroker> brokers = startThree();
        a.open(brokers.get(0), "a-conn");
        b.open(brokers.get(1), "b-conn");

        await("b-conn is announced").atMost(WAIT).until(() -> sendTo(brokers.get(0), "b-conn", a.text("to b")));
        boolean local = sendTo(brokers.get(0), "a-conn", a.text("to a"));
        boolean unknown = sendTo(brokers.get(0), "nobody", a.text("lost"));

        await().atMost(WAIT).until(() -> b.textsFor("b-conn").equals(List.of("to b")));
        assertThat(local).isTrue();
        assertThat(a.textsFor("a-conn")).containsExactly("to a");
        assertThat(unknown).isFalse();
    }

    @Test
    void theMembersAndConnectionsOfANodeThatStopsHeartbeatingDisappearWithinThePresenceExpiry() throws Exception {
        List<RedisBroker> brokers = startThree();
        a.join(brokers.get(0), "room", "a1");
        b.join(brokers.get(1), "room", "b1");
        b.open(brokers.get(1), "b1");
        await().atMost(WAIT).until(() -> members(brokers.get(0), "room").size() == 2);

        long crashed = System.nanoTime();
        brokers.get(1).abandon();

        await().atMost(RedisCluster.PRESENCE_EXPIRY.plusSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> members(brokers.get(0), "room").equals(Set.of(new ClusterMember("a1", "node-a"))));
        assertThat(Duration.ofNanos(System.nanoTime() - crashed))
                .isLessThan(RedisCluster.PRESENCE_EXPIRY.plus(RedisCluster.HEARTBEAT).plusMillis(500));
        assertThat(sendTo(brokers.get(0), "b1", a.text("to a crashed node"))).isFalse();
        assertThat(cluster.hashFields("members:room")).as("the expired node's entries are deleted").containsExactly(
                "a1");
        assertThat(cluster.hashFields("connections")).isEmpty();
    }

    @Test
    void aNodeThatClosesWithdrawsItsMembersAndConnectionsBeforeCloseReturns() throws Exception {
        List<RedisBroker> brokers = startThree();
        a.join(brokers.get(0), "room", "a1");
        b.join(brokers.get(1), "room", "b1");
        b.open(brokers.get(1), "b1");
        await().atMost(WAIT).until(() -> members(brokers.get(0), "room").size() == 2);

        brokers.get(1).close();

        assertThat(members(brokers.get(0), "room")).containsExactly(new ClusterMember("a1", "node-a"));
        assertThat(sendTo(brokers.get(0), "b1", a.text("to a closed node"))).isFalse();
        assertThat(brokers.get(1).isAvailable()).isFalse();
    }

    private static Set<ClusterMember> members(RedisBroker broker, String group) throws Exception {
        return broker.members(group).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static boolean sendTo(RedisBroker broker, String connection, dev.duplex.websocket.cluster.BrokerMessage
            message) throws Exception {
        return broker.sendTo(connection, message).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
