package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.redis.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code duplex demo --redis}: two demo processes (the command run as its own JVM each, on ephemeral ports) share
 * their chat rooms through a real redis-server started by the test; and with Redis unreachable, at start or later, a
 * demo keeps serving the rooms of its own clients and logs it. Skipped without redis-server (naming
 * {@code .ci/install-test-tools}); failed instead with {@code DUPLEX_REQUIRE_TEST_TOOLS=true}.
 */
class DemoAcrossNodesTest {
    private static final Pattern RUNNING = Pattern.compile("Open http://127\\.0\\.0\\.1:(\\d+)/");
    private static final ClientConfiguration CLIENT = ClientConfiguration.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<DuplexProcess> demos = new ArrayList<>();
    private final List<RecordingClient> clients = new ArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private RedisServerProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        clients.forEach(RecordingClient::close);
        demos.forEach(DuplexProcess::close);
        if (redis != null) {
            redis.close();
        }
    }

    /** Starts {@code duplex demo --redis <redis>} and returns its port. */
    private int demo() {
        DuplexProcess demo = DuplexProcess.start("demo", "--port", "0", "--host", "127.0.0.1", "--redis", redis.uri());
        demos.add(demo);
        return Integer.parseInt(demo.awaitStdout(RUNNING).group(1));
    }

    /**
     * As {@link #demo()}, and waits until it is connected to Redis: it serves from the start, but until then its rooms
     * are its own (and a join counts only its own members).
     */
    private int connectedDemo() {
        int port = demo();
        awaitLog(demos.get(demos.size() - 1), "is available");
        return port;
    }

    private RecordingClient join(int port, String room, String name) {
        RecordingClient client = new RecordingClient("ws://127.0.0.1:" + port + "/chat/" + room + "?name=" + name,
                CLIENT, false);
        clients.add(client);
        await(name + " to hear it joined").atMost(WAIT).until(() -> client.received().stream()
                .anyMatch(message -> message.contains("\"joined\"") && message.contains("\"" + name + "\"")));
        return client;
    }

    /**
     * Sends a numbered message from {@code from} at each poll until {@code to} has one of them: the first may go out
     * before the other node subscribed to the room (at most once, nothing is buffered).
     */
    private void awaitDelivery(RecordingClient from, String text, RecordingClient to) {
        await(text + " to arrive").atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            from.send(text + " #" + sent.incrementAndGet());
            return to.received().stream().anyMatch(message -> message.contains(text + " #"));
        });
    }

    /** Waits until the demo's log (its standard error) holds {@code text}; fails showing the log otherwise. */
    private static void awaitLog(DuplexProcess demo, String text) {
        try {
            await("the demo to log '" + text + "'").atMost(WAIT).until(() -> demo.stderr().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the demo did not log '" + text + "': " + demo.stderr(), e);
        }
    }

    @Test
    void aMessageInARoomOfOneDemoReachesTheMemberOnTheOther() {
        int first = connectedDemo();
        int second = connectedDemo();
        RecordingClient alice = join(first, "lobby", "alice");
        RecordingClient bob = join(second, "lobby", "bob");
        RecordingClient carol = join(second, "kitchen", "carol");

        awaitDelivery(alice, "hello from node one", bob);
        awaitDelivery(bob, "hello from node two", alice);

        assertThat(bob.received()).anyMatch(message -> message.contains("\"from\":\"alice\""));
        // The count in a join is the room's members on every node: alice on one, bob on the other. Alice's node
        // wrote her presence before it told her she joined, and bob's node reads after writing his.
        assertThat(bob.received()).anyMatch(message -> message.contains("\"type\":\"joined\"")
                && message.contains("\"from\":\"bob\"") && message.contains("\"members\":2"));
        assertThat(carol.received()).noneMatch(message -> message.contains("hello from"));
    }

    @Test
    void aDemoStartedWhileRedisIsUnreachableServesItsOwnRoomsAndLogsIt() throws Exception {
        redis.kill();
        int port = demo();
        RecordingClient alice = join(port, "lobby", "alice");
        RecordingClient bob = join(port, "lobby", "bob");

        awaitDelivery(alice, "still here", bob);
        DuplexProcess demo = demos.get(0);
        awaitLog(demo, "is unavailable");

        redis.startAgain();
        awaitLog(demo, "is available");
        assertThat(demo.isAlive()).isTrue();
    }

    @Test
    void whenRedisGoesAwayEachDemoKeepsServingItsOwnRoomsAndLogsIt() throws Exception {
        int first = connectedDemo();
        int second = connectedDemo();
        RecordingClient alice = join(first, "lobby", "alice");
        RecordingClient bob = join(second, "lobby", "bob");
        RecordingClient dave = join(first, "lobby", "dave");
        awaitDelivery(alice, "before", bob);

        redis.kill();
        for (DuplexProcess demo : demos) {
            awaitLog(demo, "is unavailable");
        }
        awaitDelivery(alice, "after redis went", dave);
        RecordingClient erin = join(first, "lobby", "erin");

        // Without Redis, a join counts the room's members on its own demo: alice, dave and erin.
        assertThat(erin.received()).anyMatch(message -> message.contains("\"from\":\"erin\"")
                && message.contains("\"members\":3"));

        assertThat(demos).allMatch(DuplexProcess::isAlive);
        assertThat(bob.received()).noneMatch(message -> message.contains("after redis went"));
    }
}
