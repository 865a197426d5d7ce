package dev.duplex.websocket.internal.groups;

import dev.duplex.websocket.GroupSettings;
import dev.duplex.websocket.SlowMemberPolicy;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.connection.Offer;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.protocol.CloseCodes;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import dev.duplex.websocket.internal.protocol.MessageDeflater;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.HashMap;
import java.util.Map;

/**
 * One message to many members of one node without waiting for any: the message is encoded into a frame once and each
 * member that does not compress is offered a {@code retainedDuplicate()} of it. Members with permessage-deflate and no
 * context takeover ({@code server_no_context_takeover}) are offered one compressed frame per set of parameters
 * ({@link MessageDeflater.Shared}), compressed once; a member whose compressor keeps its context is offered the
 * message itself, which its own event loop compresses in its wire order. A member over its budget gets the group's
 * {@link SlowMemberPolicy}.
 *
 * <p>Thread safety: one instance per broadcast, used by the broadcasting thread only; the shared frame is released
 * by {@link #close()} (each member's duplicate is released by its connection).
 */
final class FanOut implements AutoCloseable {
    /** Frames are made here, never compressed or masked: stateless and safe from any thread. */
    private static final FrameWriter FRAMES = new FrameWriter(ByteBufAllocator.DEFAULT, false,
            WsServiceConfig.DEFAULT_MAX_FRAME_SIZE);

    private final String group;
    private final GroupSettings settings;
    private final String text;
    private final byte[] binary;
    /** The most bytes a member may have queued, this message included. */
    private long budget;
    /** Made by the first member that takes the shared frame; released by {@link #close()}. */
    private ByteBuf frame;
    /** Compressed frames by their parameters, each made by the first member with them; released by {@link #close()}. */
    private Map<MessageDeflater.Shared, ByteBuf> compressed;
    /** The payload's length, or -1 until a member is counted. */
    private long payloadBytes = -1;
    int queued;
    int dropped;
    int closed;

    /** Exactly one of {@code text} and {@code binary} is set. */
    FanOut(String group, GroupSettings settings, String text, byte[] binary) {
        this.group = group;
        this.settings = settings;
        this.text = text;
        this.binary = binary;
        this.budget = settings.memberBudget();
    }

    /** Offers without a budget: for a replay, which the history's limits bound. */
    FanOut unbounded() {
        this.budget = Long.MAX_VALUE;
        return this;
    }

    /** Offers the message to {@code member}, and applies the slow-member policy if it is over its budget. */
    void offer(WebSocketConnection member) {
        Offer outcome;
        if (member.compresses()) {
            MessageDeflater.Shared shared = member.sharedCompression();
            outcome = shared == null ? member.offer(null, text, binary, budget)
                    : member.offer(compressedFrame(shared).retainedDuplicate(), null, null, budget);
        } else {
            if (frame == null) {
                frame = text != null ? FRAMES.text(text) : FRAMES.binary(binary);
            }
            outcome = member.offer(frame.retainedDuplicate(), null, null, budget);
        }
        switch (outcome) {
            case QUEUED -> {
                queued++;
                if (member.metrics().enabled()) {
                    member.metrics().sent(text != null ? "text" : "binary", payloadBytes());
                }
            }
            case CLOSED -> closed++;
            case OVER_BUDGET -> overBudget(member);
        }
    }

    /** The message compressed (or not, below the threshold) as a connection with {@code shared} would; made once. */
    private ByteBuf compressedFrame(MessageDeflater.Shared shared) {
        if (compressed == null) {
            compressed = new HashMap<>(2);
        }
        ByteBuf made = compressed.get(shared);
        if (made == null) {
            var writer = new FrameWriter(ByteBufAllocator.DEFAULT, false, WsServiceConfig.DEFAULT_MAX_FRAME_SIZE);
            writer.compressWith(shared.newDeflater());
            try {
                made = text != null ? writer.text(text) : writer.binary(binary);
            } finally {
                writer.release();
            }
            compressed.put(shared, made);
        }
        return made;
    }

    /** How many compressed frames this broadcast made: one per set of parameters among its members. */
    int compressedFrames() {
        return compressed == null ? 0 : compressed.size();
    }

    /** The message's payload length, as metrics count it (UTF-8 bytes for text); computed once. */
    private long payloadBytes() {
        if (payloadBytes < 0) {
            payloadBytes = text != null ? ByteBufUtil.utf8Bytes(text) : binary.length;
        }
        return payloadBytes;
    }

    private void overBudget(WebSocketConnection member) {
        SlowMemberPolicy policy = settings.slowMembers();
        if (policy == SlowMemberPolicy.DROP) {
            dropped++;
            return;
        }
        int code = policy == SlowMemberPolicy.CLOSE_POLICY_VIOLATION ? WebSocketProtocol.CLOSE_POLICY_VIOLATION
                : WebSocketProtocol.CLOSE_TRY_AGAIN_LATER;
        member.closeNow(code, CloseCodes.truncateReason("too slow for group " + group));
        closed++;
    }

    @Override
    public void close() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
        if (compressed != null) {
            compressed.values().forEach(ByteBuf::release);
            compressed = null;
        }
    }
}
