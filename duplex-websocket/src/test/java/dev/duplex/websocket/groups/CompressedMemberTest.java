package dev.duplex.websocket.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Group;
import dev.duplex.websocket.testkit.DeflatePeer;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A member that negotiated permessage-deflate gets each broadcast compressed on its own connection, with its
 * compressor's context carried from one message to the next (so the second identical message compresses smaller),
 * while a member without the extension gets the shared uncompressed frame.
 */
class CompressedMemberTest {
    @Test
    void aDeflateMemberGetsCompressedCopiesWithItsOwnContextAndAPlainMemberTheSharedFrame() throws Exception {
        try (var server = LoopbackListener.start();
             var inflater = new DeflatePeer(false, false)) {
            var groups = server.listener().groups();
            server.listener().attach("/room", RoomService.factory(groups, RoomService.closeCodes()));
            Group room = groups.group("room");
            try (var deflating = RawWebSocket.connect(server.port(), "/room",
                         Map.of("Sec-WebSocket-Extensions", "permessage-deflate"));
                 var plain = RawWebSocket.connect(server.port(), "/room")) {
                assertThat(deflating.handshakeResponse().header("Sec-WebSocket-Extensions"))
                        .startsWith("permessage-deflate");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> room.localSize() == 2);
                String message = "the same news for everyone, ".repeat(40);
                assertThat(room.broadcastText(message).queued()).isEqualTo(2);
                assertThat(room.broadcastText(message).queued()).isEqualTo(2);
                var first = deflating.readFrame();
                var second = deflating.readFrame();
                assertThat(first.rsv()).as("RSV1: compressed").isEqualTo(4);
                assertThat(second.rsv()).isEqualTo(4);
                assertThat(new String(inflater.inflate(first.payload()), StandardCharsets.UTF_8)).isEqualTo(message);
                assertThat(new String(inflater.inflate(second.payload()), StandardCharsets.UTF_8)).isEqualTo(message);
                assertThat(second.payload().length).as("context taken over from the first message")
                        .isLessThan(first.payload().length);
                for (int i = 0; i < 2; i++) {
                    var frame = plain.readFrame();
                    assertThat(frame.rsv()).isZero();
                    assertThat(frame.text()).isEqualTo(message);
                }
            }
        }
    }

    @Test
    void membersWithoutContextTakeoverGetOneSharedCompressedFrameEachMessageCompressedAfresh() throws Exception {
        try (var server = LoopbackListener.start()) {
            var groups = server.listener().groups();
            server.listener().attach("/room", RoomService.factory(groups, RoomService.closeCodes()));
            Group room = groups.group("room");
            Map<String, String> offer = Map.of("Sec-WebSocket-Extensions",
                    "permessage-deflate; server_no_context_takeover");
            try (var first = RawWebSocket.connect(server.port(), "/room", offer);
                 var second = RawWebSocket.connect(server.port(), "/room", offer)) {
                assertThat(first.handshakeResponse().header("Sec-WebSocket-Extensions"))
                        .contains("server_no_context_takeover");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> room.localSize() == 2);
                String message = "the same news for everyone, ".repeat(40);
                assertThat(room.broadcastText(message).queued()).isEqualTo(2);
                assertThat(room.broadcastText(message).queued()).isEqualTo(2);
                for (var member : List.of(first, second)) {
                    var one = member.readFrame();
                    var two = member.readFrame();
                    assertThat(one.rsv()).as("RSV1: compressed").isEqualTo(4);
                    assertThat(new String(DeflatePeer.inflateAlone(one.payload()), StandardCharsets.UTF_8))
                            .as("decodable without any earlier message").isEqualTo(message);
                    assertThat(two.payload()).as("no context carried over: the same bytes again")
                            .isEqualTo(one.payload());
                }
            }
        }
    }
}
