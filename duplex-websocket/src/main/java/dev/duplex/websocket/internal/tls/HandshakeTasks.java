package dev.duplex.websocket.internal.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the delegated tasks of one listener connection's JDK TLS engine run — the handshake's heavy work: key
 * exchange, signatures, checking the client's certificate — and the refusal of a client-initiated renegotiation.
 *
 * <p>A TLS 1.2 client may start a new handshake on an established connection; each one costs the listener a full
 * handshake's CPU for a few bytes of the client's (a denial-of-service lever). The OpenSSL engine refuses it; the
 * JDK's engine accepts it unless the JVM-wide {@code -Djdk.tls.rejectClientInitiatedRenegotiation=true} was set
 * before its first handshake, which this library does not set for the whole process. So this executor is the
 * per-connection check: the engine hands every handshake's work to it, and work handed over after the connection's
 * first handshake succeeded on TLS 1.2 or older is a renegotiation: it is not run, and the connection is closed.
 * TLS 1.3 has no renegotiation; its post-handshake messages (key updates) are run as usual.
 *
 * <p>Thread safety: {@link #execute} is called on the connection's event loop; {@link #handler} is set once, on that
 * loop, before the handshake starts.
 */
final class HandshakeTasks implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeTasks.class);

    private final Executor runner;
    private SslHandler handler;

    private HandshakeTasks(Executor runner) {
        this.runner = runner;
    }

    /**
     * A handler for a new listener connection whose engine's tasks go through a {@code HandshakeTasks}.
     *
     * @param runner runs the tasks of the first handshake (and TLS 1.3 post-handshake messages)
     */
    static SslHandler newHandler(SslContext context, ByteBufAllocator allocator, Executor runner) {
        HandshakeTasks tasks = new HandshakeTasks(runner);
        SslHandler handler = context.newHandler(allocator, tasks);
        tasks.handler = handler;
        return handler;
    }

    @Override
    public void execute(Runnable tasks) {
        if (renegotiates()) {
            Channel channel = handler.handshakeFuture().getNow();
            LOG.info("refused a client-initiated TLS renegotiation from {}: closing the connection",
                    channel.remoteAddress());
            channel.close();
            return;
        }
        runner.execute(tasks);
    }

    private boolean renegotiates() {
        Future<Channel> firstHandshake = handler.handshakeFuture();
        return firstHandshake.isSuccess() && !"TLSv1.3".equals(handler.engine().getSession().getProtocol());
    }
}
