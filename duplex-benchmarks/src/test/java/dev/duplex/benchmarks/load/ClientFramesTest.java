package dev.duplex.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class ClientFramesTest {

    /** Inflates a permessage-deflate message the way a receiver does (RFC 7692 §7.2.2): append 00 00 FF FF. */
    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        var inflater = new Inflater(true);
        try {
            var input = new ByteArrayOutputStream();
            input.writeBytes(compressed);
            input.writeBytes(new byte[] {0x00, 0x00, (byte) 0xFF, (byte) 0xFF});
            inflater.setInput(input.toByteArray());
            var out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    @Test
    void deflatedMessageInflatesBackToTheMessageOnItsOwn() throws DataFormatException {
        byte[] message = ClientFrames.jsonText(4096);

        byte[] compressed = ClientFrames.deflate(message);

        assertThat(inflate(compressed)).isEqualTo(message);
        assertThat(compressed.length).isLessThan(message.length / 2);
    }

    @Test
    void deflatedRandomMessageOfOneMebibyteInflatesBack() throws DataFormatException {
        byte[] message = ClientFrames.binary(1 << 20);

        assertThat(inflate(ClientFrames.deflate(message))).isEqualTo(message);
    }

    @Test
    void jsonTextIsAsciiOfExactlyTheRequestedSize() {
        byte[] text = ClientFrames.jsonText(1000);

        assertThat(text).hasSize(1000);
        assertThat(new String(text, StandardCharsets.US_ASCII)).startsWith("{\"seq\":1,\"type\":\"quote\"")
                .matches("[\\x20-\\x7E\\n]*");
    }

    @Test
    void compressedFrameHasRsv1AndTheOpcodeInItsFirstByte() {
        byte[] frame = ClientFrames.encode(ClientFrames.OPCODE_TEXT, true, true, new byte[] {1, 2, 3}, 0);

        assertThat(frame[0] & 0xFF).isEqualTo(0x80 | 0x40 | ClientFrames.OPCODE_TEXT);
    }
}
