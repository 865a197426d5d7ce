package dev.duplex.websocket.internal.server;

import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * What a client pipelined behind the request being decided (spec §2.1 {@code http1Settings.maxPipelinedRequests}):
 * decoded requests and their contents, in order, until the connection can go on with them.
 *
 * <p>Thread safety: owned by the channel's event loop.
 */
final class PipelinedRequests {
    private final int maxRequests;
    /** Rarely any, so it starts small. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
    private int requests;

    PipelinedRequests(int maxRequests) {
        this.maxRequests = maxRequests;
    }

    /**
     * Keeps {@code msg} (a request or a piece of one) for later.
     *
     * @return {@code false} when it is a request beyond {@code maxPipelinedRequests}: the connection should be refused
     */
    boolean add(Object msg) {
        waiting.add(msg);
        return !(msg instanceof io.netty.handler.codec.http.HttpRequest) || ++requests <= maxRequests;
    }

    /** {@return the oldest message kept, or {@code null} when none is} */
    Object poll() {
        Object next = waiting.poll();
        if (next instanceof io.netty.handler.codec.http.HttpRequest) {
            requests--;
        }
        return next;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Drops (and releases) everything kept. */
    void releaseAll() {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        requests = 0;
    }
}
