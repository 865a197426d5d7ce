package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.internal.binding.DispatchKeyReader;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.protocol.CloseCodes;
import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Sends what a service method returned (spec §3.2.3), as {@code writeMessage} would: {@code String} and XML as text,
 * {@code byte[]} and {@code ByteBuffer} as binary, anything else as JSON text (an array is one JSON array, and a
 * {@link JsonNode}, object or array, is one message although it is {@link Iterable}); a
 * {@link CloseFrame} closes; and a {@link Stream}, {@link Iterable} or {@link Flow.Publisher} (the reference's
 * {@code stream<T>}) sends one message per element from a worker of its own, so the connection goes on handling
 * messages meanwhile.
 *
 * <p>With a {@code dispatcherStreamId}, a reply that is a JSON object carries the request's id under that field
 * when the request had one, so a client can match replies to requests.
 *
 * <p>Thread safety: stateless apart from the connection, which is thread-safe.
 */
final class ReturnValues {
    private static final Logger LOG = LoggerFactory.getLogger(ReturnValues.class);

    private final WebSocketConnection connection;
    private final MessageBinder binder;
    private final String streamIdField;

    ReturnValues(WebSocketConnection connection, MessageBinder binder, String streamIdField) {
        this.connection = connection;
        this.binder = binder;
        this.streamIdField = streamIdField;
    }

    /** Sends {@code value}; {@code streamId} is the request's id, or {@code null}. */
    void send(Object value, JsonNode streamId) {
        if (value instanceof JsonNode json) {
            // Checked first: a JsonNode is Iterable (its values), yet one JSON document is one message.
            sendOne(json, streamId);
        } else if (value instanceof Stream<?> stream) {
            Workers.executor().execute(() -> drain(stream.iterator(), stream, streamId));
        } else if (value instanceof Iterable<?> iterable) {
            // The rule: a Stream, Iterable or Flow.Publisher sends one message per element. A JSON array
            // goes out by returning an array (Order[]) or writing it with Caller.writeMessage.
            Workers.executor().execute(() -> drain(iterable.iterator(), null, streamId));
        } else if (value instanceof Flow.Publisher<?> publisher) {
            // Subscribed on a worker, never on the event loop: each element's write may then wait for room, so a
            // publisher that emits as fast as it is asked is held back by a slow reader.
            Workers.executor().execute(() -> publisher.subscribe(new ElementSubscriber(streamId)));
        } else {
            sendOne(value, streamId);
        }
    }

    /** Sends one value; returns {@code false} when it closed the connection. */
    private boolean sendOne(Object value, JsonNode streamId) {
        if (value instanceof CloseFrame close) {
            close(close);
            return false;
        }
        if (value == null) {
            return true;
        }
        // The common replies first, as writeMessage sends them, without an Outbound per message. A String
        // never carries the stream id (it is sent exactly as returned).
        if (value instanceof String text) {
            connection.sendText(text);
            return true;
        }
        if (value instanceof byte[] bytes) {
            connection.sendBinary(bytes);
            return true;
        }
        MessageBinder.Outbound outbound = binder.encode(value);
        if (outbound.binary() != null) {
            connection.sendBinary(outbound.binary());
            return true;
        }
        String text = outbound.text();
        if (streamId != null && streamIdField != null && !(value instanceof String)
                && !(value instanceof org.w3c.dom.Document)) {
            text = DispatchKeyReader.withStreamId(text, streamIdField, streamId);
        }
        connection.sendText(text);
        return true;
    }

    private void close(CloseFrame close) {
        try {
            connection.closeAsync(close.status(), close.reason(), connection.defaultClosureTimeout());
        } catch (ConnectionClosureException alreadyClosing) {
            LOG.debug("connection {}: returned {} but the connection is already closing", connection.id(), close);
        }
    }

    private void drain(Iterator<?> elements, AutoCloseable resource, JsonNode streamId) {
        try {
            while (connection.isOpen() && elements.hasNext()) {
                if (!sendOne(elements.next(), streamId)) {
                    return;
                }
            }
        } catch (RuntimeException failure) {
            streamFailed(failure);
        } finally {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.debug("closing a returned stream failed", e);
                }
            }
        }
    }

    private void streamFailed(Throwable failure) {
        if (!connection.isOpen()) {
            LOG.debug("connection {}: stream ended with the connection: {}", connection.id(), failure.toString());
            return;
        }
        LOG.error("connection {}: a returned stream failed; closing with 1011", connection.id(), failure);
        try {
            connection.closeAsync(CloseFrame.INTERNAL_SERVER_ERROR.status(),
                    CloseCodes.truncateReason("streaming failed: " + failure.getMessage()),
                    connection.defaultClosureTimeout());
        } catch (ConnectionClosureException alreadyClosing) {
            LOG.debug("connection {} already closing", connection.id());
        }
    }

    /**
     * Requests one element at a time, so a publisher never outruns the connection. A publisher that emits from inside
     * {@code request} (synchronously) would recurse one level per element if {@link #onNext} asked for the next one
     * there; the request is made by the outermost call instead, in a loop (a trampoline).
     *
     * <p>Thread safety: the Reactive Streams rules make the signals to one subscriber serial; the request count is
     * atomic because a publisher may signal from its own thread while a request call is still on another's stack.
     */
    private final class ElementSubscriber implements Flow.Subscriber<Object> {
        private final JsonNode streamId;
        private volatile Flow.Subscription subscription;
        /**
         * Requests asked for and not yet made. Only the call that raised it from zero makes requests, one per count,
         * so a request asked for during another (synchronously, or from the publisher's own thread) is never lost and
         * never nests.
         */
        private final java.util.concurrent.atomic.AtomicInteger pendingRequests =
                new java.util.concurrent.atomic.AtomicInteger();

        ElementSubscriber(JsonNode streamId) {
            this.streamId = streamId;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (connection.isOpen()) {
                requestNext();
            } else {
                subscription.cancel();
            }
        }

        /** Asks for one more element, from the outermost call only. */
        private void requestNext() {
            if (pendingRequests.getAndIncrement() != 0) {
                return;
            }
            do {
                subscription.request(1);
            } while (pendingRequests.decrementAndGet() != 0);
        }

        @Override
        public void onNext(Object item) {
            try {
                if (sendOne(item, streamId) && connection.isOpen()) {
                    requestNext();
                    return;
                }
            } catch (RuntimeException failure) {
                streamFailed(failure);
            }
            subscription.cancel();
        }

        @Override
        public void onError(Throwable failure) {
            streamFailed(failure);
        }

        @Override
        public void onComplete() {
            // Every element was sent.
        }
    }
}
