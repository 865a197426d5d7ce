package dev.duplex.websocket.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Group;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.SlowMemberPolicy;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RecordingLeakDetector;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every buffer a broadcast makes is released — the shared frame and each member's duplicate, whether it was written,
 * dropped over budget, refused by a closed member, or discarded when a member closed with copies still queued — with
 * Netty's leak detector tracking every buffer ({@code paranoid}). Runs in the module's {@code engine-interleavings}
 * surefire execution, which installs the recording detector; skipped elsewhere.
 */
class BroadcastLeakTest {
    @BeforeAll
    static void onlyWithTheRecordingDetector() {
        Assumptions.assumeTrue(System.getProperty("io.netty.customResourceLeakDetector") != null,
                "runs in the engine-interleavings surefire execution, with the recording leak detector");
        ByteBufAllocator.DEFAULT.buffer(16).writeInt(42);
        assertThat(leaksAfterCollection()).as("a buffer leaked on purpose is found").isNotEmpty();
        RecordingLeakDetector.clear();
    }

    @Test
    void broadcastsToReadingStalledAndClosingMembersLeakNoBuffer() throws Exception {
        try (var server = LoopbackListener.start()) {
            var groups = server.listener().groups();
            Group group = groups.group("room", GroupSettings.builder().memberBudget(64 * 1024)
                    .slowMembers(SlowMemberPolicy.DROP).build());
            server.listener().attach("/room", RoomService.factory(groups, RoomService.closeCodes()));
            var reader = RawWebSocket.connect(server.port(), "/room");
            var stalled = RawWebSocket.connect(server.port(), "/room", Map.of(),
                    socket -> socket.setReceiveBufferSize(4096));
            var closing = RawWebSocket.connect(server.port(), "/room");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> group.localSize() == 3);
            String message = "y".repeat(16 * 1024);
            for (int i = 0; i < 200; i++) {
                group.broadcastText(message);
                assertThat(reader.readMessage().text()).hasSize(message.length());
                if (i == 50) {
                    closing.close();
                }
            }
            stalled.close();
            reader.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> groups.connections().isEmpty());
        }
        assertThat(leaksAfterCollection()).as("buffers leaked").isEmpty();
    }

    private static List<String> leaksAfterCollection() {
        return RecordingLeakDetector.leaksAfterCollection();
    }
}
