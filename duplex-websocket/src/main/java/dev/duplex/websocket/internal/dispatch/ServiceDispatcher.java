package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.internal.connection.ConnectionHandler;
import dev.duplex.websocket.internal.connection.ConnectionListener;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.protocol.CloseCodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one server connection's events to its {@link Service}'s methods (spec §3.2): in order, one at a time, on a
 * worker (or inline on the event loop for {@link DispatchMode#EVENT_LOOP}); sends back what they return; routes their
 * exceptions to {@code onError}, or closes with 1011 when the service has none.
 *
 * <p>Thread safety: the {@link ConnectionListener} methods run on the event loop and only enqueue; the service's
 * methods run in the queue, never two at once for one connection.
 */
public final class ServiceDispatcher implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceDispatcher.class);

    private final Service service;
    private final ServiceModel model;
    private final Caller caller;
    private final WebSocketConnection connection;
    private final ReturnValues returns;
    /** {@code null} in event-loop mode: events run inline. */
    private final SerialQueue queue;

    public ServiceDispatcher(Service service, ServiceModel model, Caller caller, WebSocketConnection connection,
                             DispatchMode mode, int queueCapacity) {
        this.service = service;
        this.model = model;
        this.caller = caller;
        this.connection = connection;
        this.returns = new ReturnValues(caller, connection);
        this.queue = mode == DispatchMode.EVENT_LOOP ? null : new SerialQueue(Workers.executor(), queueCapacity);
    }

    /** Lets a full queue pause the connection's reading. */
    public void readsFrom(ConnectionHandler handler) {
        if (queue != null) {
            queue.pauses(handler);
        }
    }

    private void run(Runnable event) {
        if (queue == null) {
            event.run();
        } else {
            queue.submit(event);
        }
    }

    @Override
    public void onOpen() {
        if (model.onOpen != null) {
            run(() -> call("onOpen", model.onOpen, null));
        }
    }

    @Override
    public void onText(ByteBuf utf8) {
        if (model.onTextMessage == null) {
            utf8.release();
            return;
        }
        run(() -> {
            String text;
            try {
                text = utf8.toString(StandardCharsets.UTF_8);
            } finally {
                utf8.release();
            }
            call("onTextMessage", model.onTextMessage, text);
        });
    }

    @Override
    public void onBinary(ByteBuf data) {
        if (model.onBinaryMessage == null) {
            data.release();
            return;
        }
        run(() -> {
            byte[] bytes;
            try {
                bytes = ByteBufUtil.getBytes(data);
            } finally {
                data.release();
            }
            call("onBinaryMessage", model.onBinaryMessage, bytes);
        });
    }

    @Override
    public boolean answersPings() {
        return model.answersPings();
    }

    @Override
    public void onPing(byte[] payload) {
        run(() -> {
            Object pong = invoke("onPing", model.onPing, payload);
            if (pong instanceof byte[] bytes && connection.isOpen()) {
                try {
                    connection.sendPong(bytes);
                } catch (ConnectionClosureException | IllegalArgumentException e) {
                    failed("onPing", e);
                }
            }
        });
    }

    @Override
    public void onPong(byte[] payload) {
        if (model.onPong != null) {
            run(() -> invoke("onPong", model.onPong, payload));
        }
    }

    @Override
    public void onIdleTimeout() {
        if (model.onIdleTimeout != null) {
            run(() -> call("onIdleTimeout", model.onIdleTimeout, null));
        }
    }

    @Override
    public void onError(WebSocketException error) {
        if (model.onError == null) {
            LOG.debug("connection {}: {}", connection.id(), error.getMessage());
            return;
        }
        run(() -> callOnError(error));
    }

    @Override
    public void onClose(int statusCode, String reason) {
        if (model.onClose == null) {
            return;
        }
        run(() -> {
            try {
                // The cast matters: invokeExact's call-site type must end in Object, as the bound handle does.
                Object ignored = (Object) model.onClose.invokeExact((Object) service, caller, statusCode, reason);
            } catch (Throwable t) {
                LOG.error("onClose of {} failed", model.type.getName(), t);
            }
        });
    }

    /** Invokes a message method and sends back what it returns. */
    private void call(String name, MethodHandle method, Object argument) {
        Object result = invoke(name, method, argument);
        if (result != null) {
            try {
                returns.send(result);
            } catch (RuntimeException e) {
                failed(name, e);
            }
        }
    }

    /** Invokes a method; an exception it throws goes to {@link #failed}. */
    private Object invoke(String name, MethodHandle method, Object argument) {
        try {
            if (argument == null) {
                return method.invokeExact((Object) service, caller);
            }
            if (argument instanceof String text) {
                return method.invokeExact((Object) service, caller, text);
            }
            return method.invokeExact((Object) service, caller, (byte[]) argument);
        } catch (Throwable t) {
            failed(name, t);
            return null;
        }
    }

    /**
     * A method failed: {@code onError} gets it when the service has one and the connection stays open; otherwise it
     * is logged and the connection closes with 1011.
     */
    private void failed(String name, Throwable failure) {
        if (model.onError != null) {
            callOnError(failure);
            return;
        }
        LOG.error("{} of {} failed on connection {}; closing with 1011", name, model.type.getName(),
                connection.id(), failure);
        closeWithInternalError(failure);
    }

    private void callOnError(Throwable failure) {
        Throwable argument = fitErrorParameter(failure);
        Object result;
        try {
            result = model.onError.invokeExact((Object) service, caller, argument);
        } catch (Throwable t) {
            LOG.error("onError of {} failed on connection {}; closing with 1011", model.type.getName(),
                    connection.id(), t);
            closeWithInternalError(t);
            return;
        }
        if (result instanceof CloseFrame close) {
            returns.send(close);
        }
    }

    private Throwable fitErrorParameter(Throwable failure) {
        Class<?> wanted = model.errorParameter;
        if (wanted.isInstance(failure)) {
            return failure;
        }
        return new WebSocketException(failure.toString(), failure);
    }

    private void closeWithInternalError(Throwable failure) {
        if (!connection.isOpen()) {
            return;
        }
        try {
            connection.closeAsync(CloseFrame.INTERNAL_SERVER_ERROR.status(),
                    CloseCodes.truncateReason(CloseFrame.INTERNAL_SERVER_ERROR.reason()),
                    connection.defaultClosureTimeout());
        } catch (ConnectionClosureException alreadyClosing) {
            LOG.debug("connection {} already closing after {}", connection.id(), failure.toString());
        }
    }
}
