package dev.duplex.websocket.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what a {@link FrameReader} reports, as readable lines ({@code "start text fin=true rsv1=false length=5"},
 * {@code "payload 48656c6c6f"}, {@code "end fin=true"}, {@code "control ping 0102"}), and the data payload bytes
 * joined. Test thread only.
 */
final class RecordingFrameSink implements FrameReader.Sink {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream data = new ByteArrayOutputStream();

    @Override
    public void dataFrameStart(int opcode, boolean fin, boolean rsv1, long length) {
        events.add("start " + WebSocketProtocol.opcodeName(opcode) + " fin=" + fin + " rsv1=" + rsv1
                + " length=" + length);
    }

    @Override
    public void dataPayload(ByteBuf buffer, int index, int length, int mask) {
        byte[] bytes = ByteBufUtil.getBytes(buffer, index, length);
        Masking.apply(bytes, 0, length, mask);
        data.writeBytes(bytes);
        events.add("payload " + ByteBufUtil.hexDump(bytes));
    }

    @Override
    public void dataFrameEnd(boolean fin) {
        events.add("end fin=" + fin);
    }

    @Override
    public void controlFrame(int opcode, ByteBuf payload) {
        events.add("control " + WebSocketProtocol.opcodeName(opcode) + " " + ByteBufUtil.hexDump(payload));
    }

    /** The events other than payload pieces: the frame structure alone. */
    List<String> structure() {
        return events.stream().filter(event -> !event.startsWith("payload")).toList();
    }

    /** How many payload pieces were reported. */
    long payloadPieces() {
        return events.stream().filter(event -> event.startsWith("payload")).count();
    }
}
