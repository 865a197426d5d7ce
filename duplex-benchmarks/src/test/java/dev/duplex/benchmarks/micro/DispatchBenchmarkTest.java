package dev.duplex.benchmarks.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.benchmarks.load.ClientFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operation {@link DispatchBenchmark} measures is a correct echo, every time: it cannot rot unnoticed. */
class DispatchBenchmarkTest {
    @ParameterizedTest
    @CsvSource({"returns,text,64", "returns,binary,64", "writes,text,64", "writes,binary,64",
            "returns,text,16384", "writes,binary,16384"})
    void echoesEveryMessageAsOneUnmaskedServerFrame(String reply, String kind, int size) {
        var benchmark = new DispatchBenchmark();
        benchmark.reply = reply;
        benchmark.kind = kind;
        benchmark.size = size;
        benchmark.setUp();
        try {
            byte[] payload = kind.equals("text") ? ClientFrames.asciiText(size) : ClientFrames.binary(size);
            int opcode = kind.equals("text") ? ClientFrames.OPCODE_TEXT : ClientFrames.OPCODE_BINARY;
            for (int i = 0; i < 3; i++) {
                ByteBuf frame = benchmark.echoFrame();
                try {
                    assertThat(frame).as("echo %d", i).isNotNull();
                    assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(serverFrame(opcode, payload));
                } finally {
                    frame.release();
                }
            }
        } finally {
            benchmark.tearDown();
        }
    }

    /** The frame a server sends: FIN, the opcode, no mask, the payload. */
    private static byte[] serverFrame(int opcode, byte[] payload) {
        int header = payload.length <= 125 ? 2 : 4;
        byte[] frame = new byte[header + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        if (header == 2) {
            frame[1] = (byte) payload.length;
        } else {
            frame[1] = 126;
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(payload, 0, frame, header, payload.length);
        return frame;
    }
}
