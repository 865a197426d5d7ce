package dev.duplex.benchmarks.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FanoutMessageTest {
    @Test
    void aMessageIs64BytesAndItsFieldsReadBackFromAnyOffset() {
        byte[] message = FanoutMessage.encode(7, 123_456, 987_654_321_012L);
        ByteBuf buf = Unpooled.buffer().writeBytes(new byte[] {1, 2, 3}).writeBytes(message);

        assertThat(message).hasSize(FanoutMessage.SIZE);
        assertThat(FanoutMessage.batch(buf, 3)).isEqualTo(7);
        assertThat(FanoutMessage.sequence(buf, 3)).isEqualTo(123_456);
        assertThat(FanoutMessage.publishNanos(buf, 3)).isEqualTo(987_654_321_012L);
        assertThat(FanoutMessage.encodeText(7, 123_456, 987_654_321_012L))
                .startsWith("B0007 S00123456 T0000000987654321012 x");
    }

    @Test
    void somethingElseIsNotReadAsAMessage() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[FanoutMessage.SIZE]);

        assertThatThrownBy(() -> FanoutMessage.sequence(buf, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandsReadBackAsSent() {
        FanoutCommand publish = FanoutCommand.publish(2, 200, 0);

        assertThat(FanoutCommand.parse(publish.toString())).isEqualTo(publish);
        assertThat(FanoutCommand.parse("members")).isEqualTo(FanoutCommand.MEMBERS);
        assertThatThrownBy(() -> FanoutCommand.parse("publish now")).isInstanceOf(IllegalArgumentException.class);
    }
}
