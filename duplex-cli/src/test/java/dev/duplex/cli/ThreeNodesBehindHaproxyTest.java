package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.RetryConfig;
import dev.duplex.websocket.redis.testkit.HaproxyProcess;
import dev.duplex.websocket.redis.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The multi-process proof of issue 14: three nodes, each {@code duplex serve --mode broadcast --history 1000 --redis
 * <uri>} in its own JVM on an ephemeral port, one real redis-server, and a real HAProxy (round-robin, health-checked
 * every 300 ms) in front of them; clients connect through HAProxy with a {@code retryConfig} and resume from the last
 * offset they saw. Only processes the test started are killed, by their own handles. Skipped without redis-server or
 * haproxy (naming {@code .ci/install-test-tools}); failed instead with {@code DUPLEX_REQUIRE_TEST_TOOLS=true}.
 */
class ThreeNodesBehindHaproxyTest {
    private static final Pattern SERVING = Pattern.compile("broadcast at ws://127\\.0\\.0\\.1:(\\d+)/ws");
    private static final ClientConfiguration RECONNECTING = ClientConfiguration.builder()
            .retryConfig(new RetryConfig(0, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1))).build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MEMBERS = 6;

    private final List<DuplexProcess> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<RecordingClient> members = new ArrayList<>();
    private final AtomicInteger probes = new AtomicInteger();
    private RedisServerProcess redis;
    private HaproxyProcess haproxy;
    private RecordingClient publisher;

    @BeforeEach
    void startCluster() throws Exception {
        redis = RedisServerProcess.start();
        dev.duplex.websocket.redis.testkit.ExternalTool.HAPROXY.assumeInstalled();
        for (int i = 0; i < 3; i++) {
            nodes.add(DuplexProcess.start("serve", "--mode", "broadcast", "--history", "1000", "--port", "0",
                    "--host", "127.0.0.1", "--redis", redis.uri(), "--node-id", "node-" + i));
        }
        for (DuplexProcess node : nodes) {
            ports.add(Integer.parseInt(node.awaitStdout(SERVING).group(1)));
        }
        haproxy = HaproxyProcess.start(HaproxyProcess.Mode.TCP, ports);
        for (int i = 0; i < MEMBERS; i++) {
            members.add(new RecordingClient("ws://127.0.0.1:" + haproxy.port() + "/ws", RECONNECTING, true));
        }
        // The publisher is on the node that is never killed, connected to it directly.
        publisher = new RecordingClient("ws://127.0.0.1:" + ports.get(2) + "/ws", ClientConfiguration.builder()
                .build(), true);
        awaitEveryMemberHearsAProbe("warm-up");
    }

    @AfterEach
    void stopCluster() throws Exception {
        members.forEach(RecordingClient::close);
        if (publisher != null) {
            publisher.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        nodes.forEach(DuplexProcess::close);
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * Publishes numbered probes until every member has one: a node reads the room's history from where it was when
     * its first member joined, so the first probes may precede a node's subscription.
     */
    private void awaitEveryMemberHearsAProbe(String prefix) {
        await("every member to hear a " + prefix + " probe").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    publisher.send(prefix + "-" + probes.incrementAndGet());
                    return members.stream().allMatch(member -> member.texts().stream()
                            .anyMatch(text -> text.startsWith(prefix + "-")));
                });
    }

    /** The texts starting with {@code prefix}, in the order {@code member} received them. */
    private static List<String> received(RecordingClient member, String prefix) {
        return member.texts().stream().filter(text -> text.startsWith(prefix)).toList();
    }

    private static List<String> tail(List<String> messages) {
        return messages.subList(Math.max(0, messages.size() - 3), messages.size());
    }

    @Test
    void aBroadcastReachesEveryMemberWhicheverNodeItIsOn() {
        for (int i = 1; i <= 20; i++) {
            publisher.send("news-" + i);
        }
        List<String> expected = IntStream.rangeClosed(1, 20).mapToObj(i -> "news-" + i).toList();

        await("every member to have the 20 messages").atMost(WAIT).untilAsserted(() -> {
            for (RecordingClient member : members) {
                assertThat(received(member, "news-")).containsExactlyElementsOf(expected);
            }
        });
    }

    @Test
    void theMembersOfAKilledNodeReconnectThroughHaproxyAndResumeWithoutLosingAMessage() {
        int total = 300;
        for (int i = 1; i <= 100; i++) {
            publisher.send("m-" + i);
        }
        await("every member to have the first 100").atMost(WAIT).until(() -> members.stream()
                .allMatch(member -> received(member, "m-").contains("m-100")));

        DuplexProcess victim = nodes.get(0);
        victim.killForcibly();
        for (int i = 101; i <= total; i++) {
            publisher.send("m-" + i);
        }

        List<String> expected = IntStream.rangeClosed(1, total).mapToObj(i -> "m-" + i).toList();
        await("every member to have all " + total + " messages, in order, once").atMost(WAIT).untilAsserted(() -> {
            members.forEach(RecordingClient::resumeIfReconnected);
            for (RecordingClient member : members) {
                assertThat(received(member, "m-")).as("member with %d connection(s), last messages %s",
                        member.opens(), tail(member.received())).containsExactlyElementsOf(expected);
            }
        });
        // Round-robin put two of the six members on the killed node; they came back through HAProxy.
        assertThat(members.stream().filter(member -> member.opens() > 1).count()).isEqualTo(MEMBERS / 3);
        assertThat(members).allSatisfy(member -> assertThat(member.received())
                .noneMatch(message -> message.contains("\"resumed\":false")));
    }

    @Test
    void afterRedisRestartsEveryNodeRecoversAndBroadcastsResume() throws Exception {
        redis.kill();
        redis.startAgain();

        awaitEveryMemberHearsAProbe("after-restart");

        assertThat(nodes).allMatch(DuplexProcess::isAlive);
        assertThat(members).allMatch(member -> member.opens() == 1);
    }
}
