package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.DeflatePeer;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Inflating permessage-deflate payloads (RFC 7692 §7.2.2, §7.2.3) as frames bring them. */
class MessageInflaterFinalBlockTest {
    /** "Hello" in a DEFLATE block with BFINAL set, then the byte 00: the example of RFC 7692 §7.2.3.4. */
    private static final byte[] RFC_7692_FINAL_BLOCK_HELLO = HexFormat.of().parseHex("f348cdc9c90700" + "00");

    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private final MessageInflater.Output output = (bytes, length) -> message.write(bytes, 0, length);

    private String inflateMessage(MessageInflater inflater, byte[]... frames) {
        for (byte[] frame : frames) {
            inflater.inflate(Unpooled.wrappedBuffer(frame), output);
        }
        inflater.finish(output);
        String text = message.toString(StandardCharsets.UTF_8);
        message.reset();
        return text;
    }

    @Test
    void inflatesTheBytesAfterAFinalBlockInTheSameFrameAsANewStream() {
        var inflater = new MessageInflater(false);
        byte[] world;
        try (var peer = new DeflatePeer(false, false)) {
            world = peer.compress(" world".getBytes(StandardCharsets.UTF_8));
        }
        // "Hello" in a final block (as in the RFC's example, without its trailing 00), then a new stream in the same
        // frame.
        byte[] frame = HexFormat.of().parseHex("f348cdc9c90700" + HexFormat.of().formatHex(world));

        assertThat(inflateMessage(inflater, frame)).isEqualTo("Hello world");
        inflater.release();
    }

    @Test
    void aMessageEndingWithTheRfcsFinalBlockExampleLeavesTheContextReadyForTheNextMessage() {
        var inflater = new MessageInflater(false);
        byte[] next;
        try (var peer = new DeflatePeer(false, false)) {
            next = peer.compress("Hello again".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(inflateMessage(inflater, RFC_7692_FINAL_BLOCK_HELLO)).isEqualTo("Hello");
        assertThat(inflateMessage(inflater, next)).isEqualTo("Hello again");
        inflater.release();
    }
}
