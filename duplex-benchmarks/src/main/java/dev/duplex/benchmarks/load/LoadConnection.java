package dev.duplex.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One load connection, closed loop: it keeps {@code depth} messages in flight, sending the next one each time an
 * echo completes, until the window ends; then it waits for its last echoes. Open loop ({@link LoadOptions#rate()}):
 * it sends on an even schedule of its own instead and measures each latency from the time the message was due, not
 * from when it went out, so a server that falls behind shows in the latencies (no coordinated omission).
 *
 * <p>WebSocket mode: an HTTP upgrade first, then the server's frames are parsed (headers only; payloads are skipped,
 * not copied) and a message completes at a data frame with FIN. Raw mode: no handshake; a message completes when as
 * many bytes came back as its encoded frame had.
 *
 * <p>With {@code --deflate} the upgrade offers permessage-deflate, the connection fails unless the server agrees,
 * and the pre-encoded frames carry compressed messages (RSV1 set). Echoes count as messages whether the server
 * compressed them or not: the parser reads frame boundaries only and never inflates.
 *
 * <p>Frames are pre-encoded and masked once (a ring of frames with different random keys, shared read-only by every
 * connection), so the generator spends its CPU on I/O, not on masking.
 *
 * <p>Thread safety: every field is owned by the channel's event loop; the main thread reads results only through a
 * task run on that loop ({@link LoadGenerator}).
 */
final class LoadConnection extends ChannelInboundHandlerAdapter {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    /**
     * The permessage-deflate offer of {@code --deflate}. client_no_context_takeover: every message is compressed on
     * its own, so the pre-encoded frames stay valid. No client_max_window_bits: the JDK's deflater always uses a
     * 32 KiB window, so the server must not be invited to ask for a smaller one (RFC 7692 §7.1.2.2).
     */
    static final String DEFLATE_OFFER = "permessage-deflate; client_no_context_takeover";

    private final LoadOptions options;
    private final ByteBuf[] frames;
    private final int frameLength;
    private final CountDownLatch ready;
    private final CountDownLatch drained;
    private final String key;

    private ChannelHandlerContext ctx;
    private ByteBuf handshakeResponse;
    private boolean open;
    private boolean started;
    private boolean drainedReported;
    private LoadWindow window;
    private String error;

    /** Send times of the messages in flight (in the open loop: the times they were due). */
    private final SendTimes sendTimes;
    private int nextFrame;
    /** Open loop: nanoseconds between two sends of this connection, and when the next one is due. */
    private long sendInterval;
    private long nextSendDue;
    private boolean scheduleEnded;
    private boolean needsFlush;

    // WebSocket frame parsing of the server's frames.
    private final byte[] header = new byte[14];
    private int headerFilled;
    private int headerNeeded = 2;
    private long payloadRemaining = -1;
    private int frameOpcode;
    private boolean frameFin;
    // Raw mode: bytes of the current message's echo received so far.
    private int rawReceived;

    final Histogram latencies = new Histogram(1_000, 60_000_000_000L, 3);
    long measuredMessages;
    long measuredBytes;
    long totalMessages;
    /** Open loop: messages due in the window (each one was sent), and the longest a send was late in ns. */
    long measuredSent;
    long maxSendLag;

    LoadConnection(LoadOptions options, ByteBuf[] frames, CountDownLatch ready, CountDownLatch drained) {
        this.options = options;
        this.frames = frames;
        this.frameLength = frames[0].readableBytes();
        this.ready = ready;
        this.drained = drained;
        this.sendTimes = new SendTimes(options.depth());
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    String error() {
        return error;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (options.raw()) {
            open = true;
            ready.countDown();
            return;
        }
        handshakeResponse = ctx.alloc().heapBuffer(256);
        String request = "GET " + options.path() + " HTTP/1.1\r\n"
                + "Host: " + options.host() + ":" + options.port() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + (options.deflate() ? "Sec-WebSocket-Extensions: " + DEFLATE_OFFER + "\r\n" : "")
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    }

    /** Event loop: starts sending; {@code window} says when to stop. */
    void start(LoadWindow window) {
        this.window = window;
        this.started = true;
        long now = System.nanoTime();
        if (options.openLoop()) {
            startSchedule(now);
            return;
        }
        for (int i = 0; i < options.depth(); i++) {
            send(now);
        }
        ctx.flush();
        needsFlush = false;
    }

    /** Event loop: sends a close frame (WebSocket) or nothing, then closes. */
    void close() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (open && !options.raw()) {
            byte[] code = {(byte) (1000 >> 8), (byte) (1000 & 0xFF)};
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ClientFrames.encode(ClientFrames.OPCODE_CLOSE, true, code,
                    ThreadLocalRandom.current().nextInt())));
        } else {
            ctx.close();
        }
    }

    private void send(long now) {
        ByteBuf frame = frames[nextFrame];
        nextFrame = nextFrame + 1 == frames.length ? 0 : nextFrame + 1;
        sendTimes.add(now);
        ctx.write(frame.duplicate(), ctx.voidPromise());
        needsFlush = true;
    }

    /**
     * Open loop: this connection's share of the rate, at a random phase within one interval so the connections'
     * sends spread evenly over time instead of all falling on the same instants.
     */
    private void startSchedule(long now) {
        sendInterval = Math.max(1, Math.round(options.connections() * 1e9 / options.rate()));
        nextSendDue = now + ThreadLocalRandom.current().nextLong(sendInterval);
        ctx.executor().schedule(this::sendDue, nextSendDue - now, TimeUnit.NANOSECONDS);
    }

    /** Event loop: sends every message due by now, each recorded with the time it was due; sleeps till the next. */
    private void sendDue() {
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        while (nextSendDue <= now && !window.over(nextSendDue)) {
            if (window.measures(nextSendDue)) {
                measuredSent++;
                maxSendLag = Math.max(maxSendLag, now - nextSendDue);
            }
            send(nextSendDue);
            nextSendDue += sendInterval;
        }
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
        if (window.over(nextSendDue)) {
            scheduleEnded = true;
            if (sendTimes.size() == 0) {
                reportDrained();
            }
            return;
        }
        ctx.executor().schedule(this::sendDue, nextSendDue - now, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            long now = System.nanoTime();
            if (open) {
                readEchoes(in, now);
                return;
            }
            ByteBuf rest = readHandshake(in);
            if (rest != null) {
                try {
                    readEchoes(rest, now);
                } finally {
                    rest.release();
                }
            }
        } catch (RuntimeException e) {
            fail(e.toString());
        } finally {
            ReferenceCountUtil.release(in);
        }
    }

    private void readEchoes(ByteBuf in, long now) {
        if (options.raw()) {
            readRaw(in, now);
        } else {
            readFrames(in, now);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    /**
     * Collects the HTTP response; once it is complete and accepts the upgrade, returns the bytes that followed it
     * (owned by the caller), else {@code null}.
     */
    private ByteBuf readHandshake(ByteBuf in) {
        handshakeResponse.writeBytes(in);
        int end = ByteBufUtil.indexOf(Unpooled.wrappedBuffer(HEADER_END), handshakeResponse);
        if (end < 0) {
            if (handshakeResponse.readableBytes() > 8192) {
                fail("no end of the HTTP response within 8 KiB");
            }
            return null;
        }
        String response = handshakeResponse.toString(0, end, StandardCharsets.ISO_8859_1);
        int restStart = end + HEADER_END.length;
        ByteBuf rest = handshakeResponse.retainedSlice(restStart, handshakeResponse.writerIndex() - restStart);
        handshakeResponse.release();
        handshakeResponse = null;
        if (!response.startsWith("HTTP/1.1 101")) {
            rest.release();
            fail("upgrade refused: " + response.lines().findFirst().orElse(""));
            return null;
        }
        String expected = acceptFor(key);
        boolean accepted = response.lines()
                .anyMatch(line -> line.regionMatches(true, 0, "Sec-WebSocket-Accept:", 0, 21)
                        && line.substring(21).trim().equals(expected));
        if (!accepted) {
            rest.release();
            fail("Sec-WebSocket-Accept missing or wrong in: " + response);
            return null;
        }
        String deflateRefusal = options.deflate() ? deflateRefusal(response) : null;
        if (deflateRefusal != null) {
            rest.release();
            fail(deflateRefusal);
            return null;
        }
        open = true;
        ready.countDown();
        return rest;
    }

    /** Why the response does not agree to the deflate offer as sent, or {@code null} when it does. */
    static String deflateRefusal(String response) {
        String agreed = response.lines()
                .filter(line -> line.regionMatches(true, 0, "Sec-WebSocket-Extensions:", 0, 25))
                .map(line -> line.substring(25).trim())
                .filter(value -> value.regionMatches(true, 0, "permessage-deflate", 0, 18))
                .findFirst().orElse(null);
        if (agreed == null) {
            return "the server did not agree to permessage-deflate (--deflate); its response: "
                    + response.replace("\r\n", " | ");
        }
        if (agreed.toLowerCase(Locale.ROOT).contains("client_max_window_bits")) {
            return "the server limits the client's deflate window, which the pre-compressed frames cannot honour: "
                    + agreed;
        }
        return null;
    }

    private static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readRaw(ByteBuf in, long now) {
        while (in.isReadable()) {
            int n = Math.min(in.readableBytes(), frameLength - rawReceived);
            in.skipBytes(n);
            rawReceived += n;
            if (rawReceived == frameLength) {
                rawReceived = 0;
                messageEchoed(now, options.messageSize());
            }
        }
    }

    private void readFrames(ByteBuf in, long now) {
        while (in.isReadable()) {
            if (payloadRemaining < 0) {
                if (!readHeader(in)) {
                    return;
                }
                if (payloadRemaining == 0) {
                    frameEnded(now);
                }
                continue;
            }
            int n = (int) Math.min(payloadRemaining, in.readableBytes());
            in.skipBytes(n);
            payloadRemaining -= n;
            if (payloadRemaining == 0) {
                frameEnded(now);
            }
        }
    }

    /** Collects the frame header; returns {@code true} once it is complete (payloadRemaining is then set). */
    private boolean readHeader(ByteBuf in) {
        int n = Math.min(headerNeeded - headerFilled, in.readableBytes());
        in.readBytes(header, headerFilled, n);
        headerFilled += n;
        if (headerFilled < headerNeeded) {
            return false;
        }
        if (headerNeeded == 2) {
            int length7 = header[1] & 0x7F;
            int extra = (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
            if (extra > 0) {
                headerNeeded = 2 + extra;
                return readHeader(in);
            }
        }
        frameFin = (header[0] & 0x80) != 0;
        frameOpcode = header[0] & 0x0F;
        int length7 = header[1] & 0x7F;
        long length = length7;
        if (length7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (length7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
        }
        payloadRemaining = length;
        headerFilled = 0;
        headerNeeded = 2;
        return true;
    }

    private void frameEnded(long now) {
        payloadRemaining = -1;
        switch (frameOpcode) {
            case ClientFrames.OPCODE_TEXT, ClientFrames.OPCODE_BINARY, ClientFrames.OPCODE_CONTINUATION -> {
                if (frameFin) {
                    messageEchoed(now, options.messageSize());
                }
            }
            case ClientFrames.OPCODE_CLOSE -> {
                if (started && !window.over(now)) {
                    fail("the server sent a close frame during the run");
                }
                ctx.close();
            }
            default -> {
                // Pings and pongs: the servers under test send none unasked; ignore them.
            }
        }
    }

    private void messageEchoed(long now, int payloadBytes) {
        if (sendTimes.size() == 0) {
            fail("an echo arrived for a message that was not sent");
            return;
        }
        long sentAt = sendTimes.remove();
        totalMessages++;
        // The open loop counts a message by when it was due, so sent and echoed in the window compare exactly.
        if (window.measures(options.openLoop() ? sentAt : now)) {
            measuredMessages++;
            measuredBytes += payloadBytes;
            latencies.recordValue(now - sentAt);
        }
        if (options.openLoop()) {
            if (scheduleEnded && sendTimes.size() == 0) {
                reportDrained();
            }
        } else if (!window.over(now)) {
            send(now);
        } else if (sendTimes.size() == 0) {
            reportDrained();
        }
    }

    private void reportDrained() {
        if (!drainedReported) {
            drainedReported = true;
            drained.countDown();
        }
    }

    private void fail(String reason) {
        if (error == null) {
            error = reason;
        }
        ready.countDown();
        reportDrained();
        if (ctx != null) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeResponse != null) {
            handshakeResponse.release();
            handshakeResponse = null;
        }
        if (!drainedReported && (window == null || !window.over(System.nanoTime()) || sendTimes.size() > 0)) {
            fail("the connection closed during the run");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause.toString());
    }
}
