package dev.duplex.websocket.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.cluster.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's checks and the wire format, without a server. */
class RedisBrokerSettingsTest {
    @Test
    void aPresenceExpiryShorterThanTwoHeartbeatsIsRefusedWhenBuiltNamingTheSetting() {
        assertThatThrownBy(() -> RedisBroker.builder("redis://127.0.0.1:6379").heartbeat(Duration.ofSeconds(2))
                .presenceExpiry(Duration.ofSeconds(3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("presenceExpiry=PT3S").hasMessageContaining("heartbeat=PT2S");
    }

    @Test
    void theDefaultsAreVisibleInToString() {
        try (RedisBroker broker = RedisBroker.builder("redis://127.0.0.1:6379").build()) {
            assertThat(broker.toString()).contains("heartbeat=PT2S", "presenceExpiry=PT6S", "commandTimeout=PT5S",
                    "keyPrefix=duplex:");
            assertThat(broker.presenceExpiry()).isEqualTo(Duration.ofSeconds(6));
            assertThat(broker.isAvailable()).as("not started").isFalse();
        }
    }

    @Test
    void aMessageCrossesTheWireFormatWithItsOriginExceptionAndTarget() {
        BrokerMessage message = new BrokerMessage(BrokerMessage.Kind.BINARY, new byte[] {1, 2, 3}, "node-é", "c1");

        WireMessage.Decoded decoded = WireMessage.decode(WireMessage.encode(message, "target"));

        assertThat(decoded.targetConnectionId()).isEqualTo("target");
        assertThat(decoded.message().kind()).isEqualTo(BrokerMessage.Kind.BINARY);
        assertThat(decoded.message().payload()).containsExactly(1, 2, 3);
        assertThat(decoded.message().originNode()).isEqualTo("node-é");
        assertThat(decoded.message().exceptConnectionId()).isEqualTo("c1");
    }

    @Test
    void bytesThatAreNotABrokerMessageAreRefused() {
        assertThatThrownBy(() -> WireMessage.decode("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Duplex broker message");
    }
}
