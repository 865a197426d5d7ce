package dev.duplex.websocket.internal.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A broadcast compresses a message once for all the members whose compressed frames cannot differ. */
class FanOutTest {
    /** Does nothing: the test offers messages to the connections itself. */
    public static final class Idle implements Service {
        public void onTextMessage(Caller caller, String text) {
        }
    }

    @Test
    void membersWithEqualNoContextTakeoverParametersShareOneCompressionAndOthersGetTheirOwn() throws Exception {
        try (var server = LoopbackListener.start()) {
            server.listener().attach("/room", request -> new Idle());
            var noTakeover = Map.of("Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover");
            var smallWindow = Map.of("Sec-WebSocket-Extensions",
                    "permessage-deflate; server_no_context_takeover; server_max_window_bits=10");
            try (var a = RawWebSocket.connect(server.port(), "/room", noTakeover);
                 var b = RawWebSocket.connect(server.port(), "/room", noTakeover);
                 var c = RawWebSocket.connect(server.port(), "/room", smallWindow);
                 var d = RawWebSocket.connect(server.port(), "/room",
                         Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))) {
                var groups = server.listener().groups();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> groups.connections().size() == 4);
                // Under 1 KiB: a 10-bit window compresses only messages that fit in it.
                String message = "the same news for everyone, ".repeat(20);
                try (var fanOut = new FanOut("room", GroupSettings.DEFAULT, message, null)) {
                    for (Caller member : groups.connections()) {
                        fanOut.offer(((ConnectionCaller) member).connection());
                    }
                    assertThat(fanOut.queued).isEqualTo(4);
                    assertThat(fanOut.compressedFrames())
                            .as("one for a and b, one for c's smaller window; d compresses its own").isEqualTo(2);
                }
                for (var member : new RawWebSocket[] {a, b, c, d}) {
                    assertThat(member.readFrame().rsv()).as("compressed").isEqualTo(4);
                }
            }
        }
    }
}
