package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.dispatch.ConnectionCaller;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

/**
 * A listener's record of one accepted channel, from its accept to its close, and the one listener on the channel's
 * close future: when the channel closes it gives back the channel's places (under {@code maxPendingUpgrades} and
 * {@code maxConnections}), takes the channel out of the listener, and the WebSocket connection, if the channel was
 * upgraded, out of the listener's connections and groups. One object doing what four listeners did, so that an idle
 * connection carries no listener array.
 *
 * <p>Thread safety: made on the channel's event loop when it is accepted; {@link #upgraded} and the close run on that
 * loop, which owns the reservations and {@link #caller}. {@link #connection} is read by the stops from any thread.
 */
final class AcceptedChannel implements ChannelFutureListener {
    private final ListenerRuntime runtime;
    private final Channel channel;
    /**
     * Whether the channel holds a place under {@code maxPendingUpgrades} (in the HTTP phase) and under
     * {@code maxConnections} (from just before the 101): flags rather than reservation objects, since this object
     * gives each place back exactly once, on the event loop.
     */
    private boolean holdsPending;
    private boolean holdsAdmitted;
    /**
     * The WebSocket connection once upgraded, or {@code null} in the HTTP phase. Volatile: the stops read it from
     * their own threads, after they announced the stop (see {@link ListenerRuntime#register}).
     */
    private volatile WebSocketConnection connection;
    /** The connection's caller, registered with the listener's groups; {@code null} in the HTTP phase. */
    private ConnectionCaller caller;
    /** Set when the channel has closed: a registration after that is undone at once. */
    private boolean closed;

    AcceptedChannel(ListenerRuntime runtime, Channel channel) {
        this.runtime = runtime;
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    ListenerRuntime runtime() {
        return runtime;
    }

    /** The WebSocket connection, or {@code null} while the channel is in the HTTP phase. Any thread. */
    WebSocketConnection connection() {
        return connection;
    }

    /**
     * Event loop: takes a place under {@code maxPendingUpgrades}, held until the upgrade or the close.
     *
     * @return {@code false} when the listener has no place left (nothing is held)
     */
    boolean reservePending() {
        holdsPending = runtime.pendingUpgrades().tryTake();
        return holdsPending;
    }

    /** Event loop: out of the HTTP phase; its place under {@code maxPendingUpgrades} is given back now. */
    void releasePending() {
        if (holdsPending) {
            holdsPending = false;
            runtime.pendingUpgrades().giveBack();
        }
    }

    /**
     * Event loop, just before the 101: takes a place under {@code maxConnections}, held until the channel closes
     * (or {@link #releaseAdmitted} when the upgrade fails).
     *
     * @return {@code false} when the listener is full (nothing is held)
     */
    boolean admit() {
        holdsAdmitted = runtime.admittedConnections().tryTake();
        return holdsAdmitted;
    }

    /** Event loop: gives back the place under {@code maxConnections}, once. */
    void releaseAdmitted() {
        if (holdsAdmitted) {
            holdsAdmitted = false;
            runtime.admittedConnections().giveBack();
        }
    }

    /**
     * Event loop: the channel is now {@code connection}, whose caller is registered with the listener's groups.
     *
     * @return {@code false} when the channel closed already (nothing stays registered)
     */
    boolean upgraded(WebSocketConnection connection, ConnectionCaller caller) {
        this.connection = connection;
        this.caller = caller;
        if (closed) {
            runtime.closed(this, caller);
            return false;
        }
        return true;
    }

    /** Event loop: the channel closed. */
    @Override
    public void operationComplete(ChannelFuture future) {
        closed = true;
        releasePending();
        releaseAdmitted();
        runtime.closed(this, caller);
    }
}
