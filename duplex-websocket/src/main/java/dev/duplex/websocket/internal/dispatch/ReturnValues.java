package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.protocol.CloseCodes;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what a service method returned (spec §3.2.3): {@code String} as text, {@code byte[]} and {@link ByteBuffer}
 * as binary, a {@link CloseFrame} closes, and a {@link Stream}, {@link Iterable} or {@link Flow.Publisher} sends one
 * message per element from a worker of its own, so the connection goes on handling messages meanwhile. Anything else
 * goes through {@link Caller#writeMessage}.
 *
 * <p>Thread safety: stateless apart from the connection, which is thread-safe.
 */
final class ReturnValues {
    private static final Logger LOG = LoggerFactory.getLogger(ReturnValues.class);

    private final Caller caller;
    private final WebSocketConnection connection;

    ReturnValues(Caller caller, WebSocketConnection connection) {
        this.caller = caller;
        this.connection = connection;
    }

    void send(Object value) {
        if (value instanceof Stream<?> stream) {
            Workers.executor().execute(() -> drain(stream.iterator(), stream));
        } else if (value instanceof Iterable<?> iterable && !(value instanceof java.util.Map)) {
            Workers.executor().execute(() -> drain(iterable.iterator(), null));
        } else if (value instanceof Flow.Publisher<?> publisher) {
            publisher.subscribe(new ElementSubscriber());
        } else {
            sendOne(value);
        }
    }

    /** Sends one value; returns {@code false} when it closed the connection. */
    private boolean sendOne(Object value) {
        if (value instanceof String text) {
            caller.writeTextMessage(text);
        } else if (value instanceof byte[] bytes) {
            caller.writeBinaryMessage(bytes);
        } else if (value instanceof ByteBuffer buffer) {
            connection.sendBinary(buffer);
        } else if (value instanceof CloseFrame close) {
            close(close);
            return false;
        } else if (value != null) {
            caller.writeMessage(value);
        }
        return true;
    }

    private void close(CloseFrame close) {
        try {
            connection.closeAsync(close.status(), close.reason(), connection.defaultClosureTimeout());
        } catch (ConnectionClosureException alreadyClosing) {
            LOG.debug("connection {}: returned {} but the connection is already closing", connection.id(), close);
        }
    }

    private void drain(Iterator<?> elements, AutoCloseable resource) {
        try {
            while (connection.isOpen() && elements.hasNext()) {
                if (!sendOne(elements.next())) {
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

    /** Requests one element at a time, so a publisher never outruns the connection. */
    private final class ElementSubscriber implements Flow.Subscriber<Object> {
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (connection.isOpen()) {
                subscription.request(1);
            } else {
                subscription.cancel();
            }
        }

        @Override
        public void onNext(Object item) {
            try {
                if (sendOne(item) && connection.isOpen()) {
                    subscription.request(1);
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
