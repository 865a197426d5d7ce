package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageInflater} on payloads a peer may send (RFC 7692 §7.2.2, §7.2.3.3), without sockets: a message may
 * carry DEFLATE blocks with BFINAL set, after which the data goes on as a new stream.
 */
class MessageInflaterTest {
    private final MessageInflater inflater = new MessageInflater(false);
    private final ByteArrayOutputStream inflated = new ByteArrayOutputStream();
    private final MessageInflater.Output output = (bytes, length) -> inflated.write(bytes, 0, length);

    @AfterEach
    void release() {
        inflater.release();
    }

    /** A whole raw DEFLATE stream of {@code text}: its last block has BFINAL set. */
    private static byte[] finalStream(String text) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private String inflate(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            ByteBuf buffer = Unpooled.wrappedBuffer(chunk);
            try {
                inflater.inflate(buffer, output);
            } finally {
                buffer.release();
            }
        }
        inflater.finish(output);
        String text = inflated.toString(StandardCharsets.UTF_8);
        inflated.reset();
        return text;
    }

    /** The header bits of an empty stored block (RFC 7692 §7.2.3.3): after a final block, it ends a message. */
    private static final byte[] END_AFTER_FINAL_BLOCK = {0x00};

    @Test
    void inflatesTheRfc7692ExampleOfAMessageCompressedWithAFinalBlock() {
        byte[] hello = {(byte) 0xf3, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00, 0x00};

        assertThat(inflate(hello)).isEqualTo("Hello");
        assertThat(inflate(hello)).isEqualTo("Hello");
    }

    @Test
    void inflatesDataThatFollowsAFinalBlockInTheSameChunk() {
        byte[] payload = concat(concat(finalStream("hello, "), finalStream("world")), END_AFTER_FINAL_BLOCK);

        assertThat(inflate(payload)).isEqualTo("hello, world");
    }

    @Test
    void inflatesDataThatFollowsAFinalBlockInTheNextChunk() {
        assertThat(inflate(finalStream("hello, "), concat(finalStream("world"), END_AFTER_FINAL_BLOCK)))
                .isEqualTo("hello, world");
    }

    @Test
    void aMessageEndingWithAFinalBlockLeavesTheNextMessageIntact() {
        assertThat(inflate(concat(finalStream("first"), END_AFTER_FINAL_BLOCK))).isEqualTo("first");
        assertThat(inflate(concat(finalStream("second"), END_AFTER_FINAL_BLOCK))).isEqualTo("second");
    }
}
