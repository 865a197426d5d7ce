package dev.duplex.websocket.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Delivery;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.MembershipEvent;
import dev.duplex.websocket.SlowMemberPolicy;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A member that stops reading never holds back the publisher or the other members: over its budget it misses
 * messages (DROP) or is closed (1008 / 1013), while a member that reads gets every message in order.
 *
 * <p>The publisher runs in rounds: each round broadcasts one 64 KiB message and waits until the reading member has
 * it, so the reader never falls behind; the stalled member (a 4 KiB receive buffer, never read) fills its kernel
 * buffers and then its budget.
 */
class SlowMemberTest {
    private static final int MESSAGE_BYTES = 64 * 1024;
    private static final long BUDGET = 256 * 1024;
    /** Enough to fill any loopback socket buffers many times over; the loop stops soon after the policy acted. */
    private static final int MAX_ROUNDS = 2_000;

    private static RawWebSocket stalled(int port) throws Exception {
        return RawWebSocket.connect(port, "/room?room=slow", Map.of(), socket -> socket.setReceiveBufferSize(4096));
    }

    /** Broadcasts rounds until {@code done} holds for the deliveries so far (then 20 more), the reader reading each; returns the deliveries. */
    private static List<Delivery> publishRounds(Group group, RawWebSocket reader, java.util.function.Predicate<List<Delivery>> done)
            throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        int extra = -1;
        for (int round = 0; round < MAX_ROUNDS && extra != 0; round++) {
            String message = round + ":" + "x".repeat(MESSAGE_BYTES);
            // The publisher's broadcast runs on its own thread and must return while the stalled member is stalled.
            Delivery delivery = CompletableFuture.supplyAsync(() -> group.broadcastText(message))
                    .get(10, TimeUnit.SECONDS);
            deliveries.add(delivery);
            assertThat(reader.readMessage().text()).as("the reader's message of round %d", round)
                    .startsWith(round + ":");
            if (extra > 0) {
                extra--;
            } else if (extra < 0 && done.test(deliveries)) {
                extra = 20;
            }
        }
        return deliveries;
    }

    @Test
    void aMemberThatStopsReadingMissesMessagesOverItsBudgetAndTheOthersGetEveryOne() throws Exception {
        try (var server = LoopbackListener.start()) {
            Groups groups = server.listener().groups();
            Group group = groups.group("slow", GroupSettings.builder().memberBudget(BUDGET)
                    .slowMembers(SlowMemberPolicy.DROP).build());
            server.listener().attach("/room", RoomService.factory(groups, RoomService.closeCodes()));
            try (var slow = stalled(server.port());
                 var reader = RawWebSocket.connect(server.port(), "/room?room=slow")) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> group.localSize() == 2);
                List<Delivery> deliveries = publishRounds(group, reader,
                        sent -> sent.stream().anyMatch(d -> d.dropped() > 0));
                assertThat(deliveries.stream().mapToInt(Delivery::dropped).sum()).as("copies dropped").isPositive();
                assertThat(deliveries).allSatisfy(d -> assertThat(d.queued()).isGreaterThanOrEqualTo(1));
                assertThat(deliveries).allSatisfy(d -> assertThat(d.closed()).isZero());
                assertThat(group.localSize()).as("the slow member stays a member").isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"CLOSE_POLICY_VIOLATION, 1008", "CLOSE_TRY_AGAIN_LATER, 1013"})
    void aMemberThatStopsReadingIsClosedWithThePolicysCodeAndTheOthersGetEveryMessage(SlowMemberPolicy policy,
                                                                                    int code) throws Exception {
        Map<String, Integer> closeCodes = RoomService.closeCodes();
        try (var server = LoopbackListener.start()) {
            Groups groups = server.listener().groups();
            Group group = groups.group("slow", GroupSettings.builder().memberBudget(BUDGET).slowMembers(policy)
                    .build());
            List<MembershipEvent> left = new CopyOnWriteArrayList<>();
            group.onMembership(event -> {
                if (event.kind() == MembershipEvent.Kind.LEFT) {
                    left.add(event);
                }
            });
            server.listener().attach("/room", RoomService.factory(groups, closeCodes));
            try (var slow = stalled(server.port());
                 var reader = RawWebSocket.connect(server.port(), "/room?room=slow")) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> group.localSize() == 2);
                List<Delivery> deliveries = publishRounds(group, reader, sent -> !left.isEmpty());
                assertThat(deliveries.stream().mapToInt(Delivery::closed).sum()).as("members closed").isPositive();
                assertThat(deliveries.stream().mapToInt(Delivery::dropped).sum()).as("copies dropped").isZero();
                assertThat(left).hasSize(1);
                String slowId = left.get(0).connectionId();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> closeCodes.containsKey(slowId));
                assertThat(closeCodes.get(slowId)).as("the slow member's close code").isEqualTo(code);
                assertThat(group.localSize()).isEqualTo(1);
            }
        }
    }
}
