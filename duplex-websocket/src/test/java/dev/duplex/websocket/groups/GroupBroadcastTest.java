package dev.duplex.websocket.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Delivery;
import dev.duplex.websocket.Group;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.MembershipEvent;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Groups in one process over real sockets: registry, membership, broadcast, send by id, values through the codec. */
class GroupBroadcastTest {
    private LoopbackListener server;
    private Groups groups;
    private final Map<String, Integer> closeCodes = RoomService.closeCodes();

    @BeforeEach
    void start() {
        server = LoopbackListener.start();
        groups = server.listener().groups();
        server.listener().attach("/room", RoomService.factory(groups, closeCodes));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawWebSocket member() throws Exception {
        return RawWebSocket.connect(server.port(), "/room");
    }

    private void awaitMembers(Group group, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> group.localSize() == count);
    }

    @Test
    void aBroadcastReachesEveryMemberAndReportsWhatItQueued() throws Exception {
        try (var a = member(); var b = member(); var c = member()) {
            Group room = groups.group("room");
            awaitMembers(room, 3);
            Delivery delivery = room.broadcastText("hello everyone");
            assertThat(delivery.queued()).isEqualTo(3);
            assertThat(delivery.dropped()).isZero();
            for (RawWebSocket peer : List.of(a, b, c)) {
                assertThat(peer.readMessage().text()).isEqualTo("hello everyone");
            }
            assertThat(room.broadcastBinary(new byte[] {1, 2, 3}).queued()).isEqualTo(3);
            for (RawWebSocket peer : List.of(a, b, c)) {
                assertThat(peer.readMessage().payload()).containsExactly(1, 2, 3);
            }
        }
    }

    @Test
    void theSenderIsLeftOutWhenTheServiceSaysSo() throws Exception {
        try (var sender = member(); var other = member()) {
            Group room = groups.group("room");
            awaitMembers(room, 2);
            sender.sendText("except:not for the sender");
            assertThat(other.readMessage().text()).isEqualTo("not for the sender");
            room.broadcastText("for everyone");
            assertThat(sender.readMessage().text()).as("the sender's next message").isEqualTo("for everyone");
            assertThat(other.readMessage().text()).isEqualTo("for everyone");
        }
    }

    @Test
    void aConnectionThatClosesLeavesItsGroupsAndTheRegistry() throws Exception {
        Group room = groups.group("room");
        List<MembershipEvent> events = new CopyOnWriteArrayList<>();
        room.onMembership(events::add);
        try (var staying = member()) {
            var leaving = member();
            awaitMembers(room, 2);
            assertThat(groups.connections()).hasSize(2);
            leaving.sendClose(1000, "bye");
            awaitMembers(room, 1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> groups.connections().size() == 1);
            leaving.close();
            assertThat(events).extracting(MembershipEvent::kind).containsExactly(MembershipEvent.Kind.JOINED,
                    MembershipEvent.Kind.JOINED, MembershipEvent.Kind.LEFT);
            String leftId = events.get(2).connectionId();
            assertThat(groups.connection(leftId)).isEmpty();
            assertThat(room.localMembers()).extracting(Caller::getConnectionId).doesNotContain(leftId);
            assertThat(room.broadcastText("after the close").queued()).isEqualTo(1);
            assertThat(staying.readMessage().text()).isEqualTo("after the close");
        }
    }

    @Test
    void leaveAndJoinAreIdempotentAndReportedOnce() throws Exception {
        try (var peer = member()) {
            Group room = groups.group("room");
            awaitMembers(room, 1);
            Caller caller = room.localMembers().iterator().next();
            List<MembershipEvent> events = new CopyOnWriteArrayList<>();
            Runnable remove = room.onMembership(events::add);
            assertThat(room.join(caller)).as("already a member").isFalse();
            assertThat(room.leave(caller)).isTrue();
            assertThat(room.leave(caller)).isFalse();
            assertThat(room.broadcastText("nobody").queued()).isZero();
            assertThat(room.join(caller)).isTrue();
            remove.run();
            room.leave(caller);
            assertThat(events).extracting(MembershipEvent::kind)
                    .containsExactly(MembershipEvent.Kind.LEFT, MembershipEvent.Kind.JOINED);
        }
    }

    @Test
    void oneConnectionIsReachedByItsIdAndAnUnknownIdIsReported() throws Exception {
        try (var first = member(); var second = member()) {
            Group room = groups.group("room");
            awaitMembers(room, 2);
            String id = room.localMembers().iterator().next().getConnectionId();
            assertThat(groups.sendText(id, "just you").toCompletableFuture().get()).isTrue();
            assertThat(groups.sendText("no-such-connection", "lost").toCompletableFuture().get()).isFalse();
            room.broadcastText("marker");
            String firstSaw = first.readMessage().text();
            String secondSaw = second.readMessage().text();
            assertThat(List.of(firstSaw, secondSaw)).containsExactlyInAnyOrder("just you", "marker");
            RawWebSocket target = firstSaw.equals("just you") ? first : second;
            assertThat(target.readMessage().text()).isEqualTo("marker");
        }
    }

    @Test
    void theRegistryListsConnectionsByTheServicePathTheyCameIn() throws Exception {
        server.listener().attach("/other/{name}", RoomService.factory(groups, closeCodes));
        try (var inRoom = member(); var elsewhere = RawWebSocket.connect(server.port(), "/other/x?room=x")) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> groups.connections().size() == 2);
            assertThat(groups.connections("/room")).hasSize(1);
            assertThat(groups.connections("/other/{name}")).hasSize(1);
            assertThat(groups.group("x").localSize()).isEqualTo(1);
        }
    }

    /** The value the codec test broadcasts. */
    public record Chat(String from, String text) {
    }

    @Test
    void aValueIsBroadcastThroughTheServicesCodec() throws Exception {
        try (var peer = member()) {
            Group room = groups.group("room");
            awaitMembers(room, 1);
            room.broadcast(new Chat("ann", "hi"));
            assertThat(peer.readMessage().text()).isEqualTo("{\"from\":\"ann\",\"text\":\"hi\"}");
        }
    }
}
