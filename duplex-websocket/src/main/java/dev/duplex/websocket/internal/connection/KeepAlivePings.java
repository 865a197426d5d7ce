package dev.duplex.websocket.internal.connection;

import static dev.duplex.websocket.internal.time.SaturatingDurations.toNanos;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keep-alive for one connection: a ping every {@code pingInterval}, and the TCP connection dropped (close code 1006 at
 * both ends) when nothing at all arrives within {@code pongTimeout} of a ping. It judges the peer, not this end: time
 * counts against the peer only while this end reads. A deadline that passes while reading is paused (a slow service,
 * a full inbound queue, an outbound buffer the peer has not drained) is judged again a whole {@code pongTimeout}
 * after reading resumes, since the pong may be waiting unread in the socket. Made only for connections with
 * keep-alive on.
 *
 * <p>Thread safety: owned by the channel's event loop, like the {@link ConnectionHandler} that calls it.
 */
final class KeepAlivePings {
    private static final Logger LOG = LoggerFactory.getLogger(KeepAlivePings.class);
    /** Keep-alive pings carry this prefix and their number, so their pongs are not reported as the application's. */
    private static final String PREFIX = "duplex keep-alive ";

    private final ConnectionHandler handler;
    private final WebSocketConnection connection;
    private final long intervalNanos;
    private final long timeoutNanos;

    private ChannelHandlerContext ctx;
    /** When the last bytes arrived ({@link System#nanoTime()}); any frame proves the peer alive. */
    private long lastReadNanos;
    /** When reading last resumed after a pause ({@link System#nanoTime()}). */
    private long lastResumedNanos;
    /** Whether a pong deadline passed while reading was paused: judged again once reading resumes. */
    private boolean checkAfterResume;
    /** How many keep-alive pings were sent. */
    private long sent;
    private ScheduledFuture<?> nextPing;

    KeepAlivePings(ConnectionHandler handler, WebSocketConnection connection, Duration pingInterval,
                   Duration pongTimeout) {
        this.handler = handler;
        this.connection = connection;
        this.intervalNanos = toNanos(pingInterval);
        this.timeoutNanos = toNanos(pongTimeout);
    }

    /** The connection is open: the first ping goes out one interval from now. */
    void start(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastReadNanos = System.nanoTime();
        schedulePing();
    }

    /** The connection ended: no more pings. */
    void stop() {
        if (nextPing != null) {
            nextPing.cancel(false);
        }
    }

    /** Bytes arrived: the peer is alive. */
    void arrived() {
        lastReadNanos = System.nanoTime();
    }

    /** Reading goes on after a pause; a judgement put off by the pause starts now, with a whole {@code pongTimeout}. */
    void readingResumed() {
        lastResumedNanos = System.nanoTime();
        if (checkAfterResume && !handler.ended()) {
            checkAfterResume = false;
            long resumedAt = lastResumedNanos;
            ctx.executor().schedule(() -> checkAlive(resumedAt), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Whether a pong answers one of the pings sent so far (several may be in flight); it is not the application's. */
    boolean answers(byte[] pong) {
        if (sent == 0) {
            return false;
        }
        String text = new String(pong, StandardCharsets.US_ASCII);
        if (!text.startsWith(PREFIX)) {
            return false;
        }
        try {
            long number = Long.parseLong(text.substring(PREFIX.length()));
            return number >= 1 && number <= sent;
        } catch (NumberFormatException notOurs) {
            return false;
        }
    }

    private void schedulePing() {
        nextPing = ctx.executor().schedule(this::ping, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void ping() {
        if (handler.ended() || !connection.isOpen()) {
            return;
        }
        long sentAt = System.nanoTime();
        byte[] payload = (PREFIX + (++sent)).getBytes(StandardCharsets.US_ASCII);
        try {
            connection.sendPing(payload);
        } catch (RuntimeException closing) {
            return;
        }
        ctx.executor().schedule(() -> checkAlive(sentAt), timeoutNanos, TimeUnit.NANOSECONDS);
        schedulePing();
    }

    /** Nothing read since {@code since} counts against the peer only while this end was reading. */
    private void checkAlive(long since) {
        if (handler.ended() || lastReadNanos - since >= 0) {
            return;
        }
        if (handler.paused()) {
            checkAfterResume = true;
            return;
        }
        long resumedAt = lastResumedNanos;
        long sinceResume = System.nanoTime() - resumedAt;
        if (resumedAt - since > 0 && sinceResume < timeoutNanos) {
            ctx.executor().schedule(() -> checkAlive(resumedAt), timeoutNanos - sinceResume, TimeUnit.NANOSECONDS);
            return;
        }
        LOG.info("connection {}: nothing arrived within {} of a keep-alive ping; dropping it (pongTimeout)",
                connection.id(), Duration.ofNanos(timeoutNanos));
        connection.metrics().error("pong_timeout");
        ctx.close();
    }
}
