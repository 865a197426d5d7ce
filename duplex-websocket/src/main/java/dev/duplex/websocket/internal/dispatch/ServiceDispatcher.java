package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.binding.DispatchKeyReader;
import dev.duplex.websocket.internal.binding.DispatchNames;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.connection.ConnectionHandler;
import dev.duplex.websocket.internal.connection.ConnectionListener;
import dev.duplex.websocket.internal.connection.InboundBudget;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.logging.ProblemLog;
import dev.duplex.websocket.internal.protocol.CloseCodes;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import io.netty.buffer.ByteBuf;
import dev.duplex.websocket.internal.protocol.ArrayMessage;
import io.netty.buffer.ByteBufUtil;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

/**
 * Delivers one server connection's events to its {@link Service}'s methods (spec §3.2): in order, one at a time, on a
 * worker (or inline on the event loop for {@link DispatchMode#EVENT_LOOP}); binds messages to the types the methods
 * take; selects custom methods by the {@code dispatcherKey} (§3.2.2); sends back what they return; routes binding
 * failures to {@code on<Method>Error}, then {@code onError}, else closes with 1003; routes other exceptions to
 * {@code onError}, else closes with 1011.
 *
 * <p>While a method runs, the SLF4J {@link MDC} holds the connection's id under {@value #MDC_CONNECTION_ID}, so the
 * service's own log lines can name it. Each event's time from arrival to the end of its method is reported to the
 * connection's metrics.
 *
 * <p>Thread safety: the {@link ConnectionListener} methods run on the event loop and only enqueue; the service's
 * methods run in the queue, never two at once for one connection.
 */
public final class ServiceDispatcher implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceDispatcher.class);
    /** Failures of service methods, which must be seen even without an SLF4J provider. */
    private static final ProblemLog PROBLEMS = ProblemLog.of(ServiceDispatcher.class);
    /** The MDC key that holds the connection id while a service method runs. */
    public static final String MDC_CONNECTION_ID = "duplex.connection";

    private final Service service;
    private final ServiceModel model;
    private final Caller caller;
    private final WebSocketConnection connection;
    private final MessageBinder binder;
    private final String streamIdField;
    /**
     * Made by the first return value to send (many services return nothing); owned by the dispatch order, whose
     * events run one at a time, each seeing what the one before it did.
     */
    private ReturnValues returns;
    /** {@code null} without a {@code dispatcherKey}. */
    private final DispatchKeyReader keys;
    /** {@code null} in event-loop mode: events run inline. */
    private final SerialQueue queue;
    /** What the queue may hold before reading pauses; {@code null} in event-loop mode. */
    private final InboundBudget budget;
    /** Runs a {@link Runnable} event. */
    private static final Event<Runnable> RUN = (dispatcher, event) -> event.run();
    /**
     * The message events, one for every connection (they take the dispatcher as an argument), so that handing a
     * message to {@link #run} allocates nothing in event-loop mode and a connection holds no lambda of its own.
     */
    private static final Event<ByteBuf> TEXT = ServiceDispatcher::textMessage;
    private static final Event<ByteBuf> BINARY = ServiceDispatcher::binaryMessage;
    /** Starts the queues' drains on the workers, once per event-loop turn; shared by every connection. */
    private static final Executor STARTS = BatchedStarts.of(Workers.executor());

    /** An event of a connection's dispatch order: runs on {@code dispatcher} with {@code argument}. */
    @FunctionalInterface
    private interface Event<T> {
        void run(ServiceDispatcher dispatcher, T argument);
    }

    public ServiceDispatcher(Service service, ServiceModel model, Caller caller, WebSocketConnection connection,
                             WsServiceConfig config, MessageBinder binder) {
        this.service = service;
        this.model = model;
        this.caller = caller;
        this.connection = connection;
        this.binder = binder;
        this.streamIdField = config.dispatcherStreamId();
        this.keys = config.dispatcherKey() == null ? null
                : new DispatchKeyReader(config.dispatcherKey(), config.dispatcherStreamId());
        if (config.dispatchMode() == DispatchMode.EVENT_LOOP) {
            this.budget = null;
            this.queue = null;
        } else {
            this.budget = new InboundBudget(config.inboundQueueCapacity(),
                    InboundBudget.bytesFor(config.maxMessageSize()));
            this.queue = new SerialQueue(STARTS, budget);
        }
    }

    /** Lets a full queue pause the connection's reading. */
    public void readsFrom(ConnectionHandler handler) {
        if (budget != null) {
            budget.pauses(handler);
        }
    }

    /** Runs {@code event} (of kind {@code kind}, the metrics' tag) in order, with the MDC set and timed. */
    private void run(String kind, Runnable event) {
        run(kind, RUN, event);
    }

    /**
     * Runs {@code event} with {@code argument}, as {@link #run(String, Runnable)}. In event-loop mode the event runs
     * at once, and with an event made once for all dispatchers ({@link #TEXT}, {@link #BINARY}) nothing is allocated
     * per message.
     */
    private <T> void run(String kind, Event<T> event, T argument) {
        long arrived = System.nanoTime();
        if (queue == null) {
            measured(kind, event, argument, arrived);
        } else if (argument instanceof ByteBuf message) {
            long bytes = message.readableBytes();
            queue.submit(new SerialQueue.Sized() {
                @Override
                public long bytes() {
                    return bytes;
                }

                @Override
                public void run() {
                    measured(kind, event, argument, arrived);
                }
            });
        } else {
            queue.submit(() -> measured(kind, event, argument, arrived));
        }
    }

    private <T> void measured(String kind, Event<T> event, T argument, long arrived) {
        MDC.put(MDC_CONNECTION_ID, connection.id());
        try {
            event.run(this, argument);
        } finally {
            MDC.remove(MDC_CONNECTION_ID);
            connection.metrics().dispatched(kind, System.nanoTime() - arrived);
        }
    }

    @Override
    public void onOpen() {
        if (model.onOpen != null) {
            run("open", () -> {
                Object result = invoke("onOpen", () -> model.onOpen.invokeExact((Object) service, caller));
                sendBack("onOpen", result, null);
            });
        }
    }

    @Override
    public void onText(ByteBuf utf8) {
        if (model.onTextMessage == null && model.onMessage == null && (keys == null || !model.hasCustomMethods())) {
            utf8.release();
            return;
        }
        run("text", TEXT, utf8);
    }

    /** In the dispatch order: the text message becomes the {@code String} the methods take. */
    private void textMessage(ByteBuf utf8) {
        String text;
        try {
            text = utf8.toString(StandardCharsets.UTF_8);
        } finally {
            utf8.release();
        }
        deliverText(text);
    }

    /** Chooses the method for a text message (§3.2.2 rules), binds the message and calls it. */
    private void deliverText(String text) {
        ServiceModel.DataMethod method = null;
        JsonNode streamId = null;
        if (keys != null) {
            DispatchKeyReader.Keys found = keys.read(text);
            streamId = found.streamId();
            if (found.value() != null) {
                method = model.byDispatcherValue.get(found.value());
                if (method == null) {
                    String name = DispatchNames.methodName(found.value());
                    method = name == null ? null : model.byName.get(name);
                }
            }
        }
        if (method == null) {
            method = model.onTextMessage != null ? model.onTextMessage : model.onMessage;
        }
        if (method == null) {
            return;
        }
        Object argument;
        try {
            argument = method == model.onTextMessage ? text : binder.fromText(text, method.parameterType());
        } catch (DataBindingException failure) {
            bindingFailed(method, failure);
            return;
        }
        call(method, argument, streamId);
    }

    @Override
    public void onBinary(ByteBuf data) {
        if (binaryMethod() == null) {
            data.release();
            return;
        }
        run("binary", BINARY, data);
    }

    private ServiceModel.DataMethod binaryMethod() {
        return model.onBinaryMessage != null ? model.onBinaryMessage : model.onMessage;
    }

    /** In the dispatch order: the binary message becomes the {@code byte[]} (or bound value) the method takes. */
    private void binaryMessage(ByteBuf data) {
        ServiceModel.DataMethod method = binaryMethod();
        byte[] bytes;
        try {
            bytes = ArrayMessage.bytesOf(data);
        } finally {
            data.release();
        }
        Object argument;
        try {
            argument = method == model.onBinaryMessage ? bytes : binder.fromBinary(bytes, method.parameterType());
        } catch (DataBindingException failure) {
            bindingFailed(method, failure);
            return;
        }
        call(method, argument, null);
    }

    /** Calls a message method and sends back what it returns; an exception it throws goes to {@link #failed}. */
    private void call(ServiceModel.DataMethod method, Object argument, JsonNode streamId) {
        MethodHandle handle = method.handle();
        Object result;
        try {
            // Not through invoke(): a lambda capturing the argument would be one more object per message.
            result = handle.invokeExact((Object) service, caller, argument);
        } catch (Throwable t) {
            failed(method.name(), t);
            return;
        }
        sendBack(method.name(), result, streamId);
    }

    @Override
    public boolean answersPings() {
        return model.answersPings();
    }

    @Override
    public void onPing(byte[] payload) {
        run("ping", () -> {
            Object pong = invoke("onPing", () -> model.onPing.invokeExact((Object) service, caller, payload));
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
            run("pong", () -> invoke("onPong", () -> model.onPong.invokeExact((Object) service, caller, payload)));
        }
    }

    @Override
    public void onIdleTimeout() {
        if (model.onIdleTimeout != null) {
            run("idle_timeout", () -> {
                Object result = invoke("onIdleTimeout",
                        () -> model.onIdleTimeout.invokeExact((Object) service, caller));
                sendBack("onIdleTimeout", result, null);
            });
        }
    }

    /** In worker mode the failure waits its turn behind the events already queued. */
    @Override
    public void afterDeliveredEvents(Runnable failure) {
        if (queue == null) {
            failure.run();
        } else {
            queue.submit(failure);
        }
    }

    @Override
    public void onError(WebSocketException error) {
        if (model.onError == null) {
            LOG.debug("connection {}: {}", connection.id(), error.getMessage());
            return;
        }
        run("error", () -> callError(model.onError, error));
    }

    @Override
    public void onClose(int statusCode, String reason) {
        if (model.onClose == null) {
            return;
        }
        run("close", () -> {
            try {
                // Assigned so the call site's type returns Object, as the bound handle does; invokeExact fails
                // with WrongMethodTypeException on a call site typed void.
                Object unused = model.onClose.invokeExact((Object) service, caller, statusCode, reason);
            } catch (Throwable t) {
                LOG.error("onClose of {} failed", model.type.getName(), t);
            }
        });
    }

    /** The body of a method call, as a lambda that may throw anything. */
    @FunctionalInterface
    private interface Invocation {
        Object call() throws Throwable;
    }

    /** Invokes a method; an exception it throws goes to {@link #failed}. */
    private Object invoke(String name, Invocation invocation) {
        try {
            return invocation.call();
        } catch (Throwable t) {
            failed(name, t);
            return null;
        }
    }

    private ReturnValues returns() {
        ReturnValues values = returns;
        if (values == null) {
            values = new ReturnValues(connection, binder, streamIdField);
            returns = values;
        }
        return values;
    }

    private void sendBack(String name, Object result, JsonNode streamId) {
        if (result == null) {
            return;
        }
        try {
            returns().send(result, streamId);
        } catch (ConnectionClosureException closed) {
            if (connection.isOpen() || (caller instanceof ConnectionCaller own && own.closedHere())) {
                // Open, or closed by the service itself before it returned: as a Caller write there would have
                // thrown into the method, the failure goes to onError (or the log).
                failed(name, closed);
                return;
            }
            // The peer closed while the method ran (an echo with replies in flight, say): the reply has nowhere to
            // go, and the method did not fail, so neither onError nor an error log.
            LOG.debug("connection {}: dropped the reply of {}: {}", connection.id(), name, closed.getMessage());
        } catch (RuntimeException e) {
            failed(name, e);
        }
    }

    /**
     * A message could not be bound: {@code on<Method>Error} gets it, else {@code onError}, else the connection closes
     * with 1003 and a reason that says what failed. Logged as a warning only when no method of the service handles
     * it (a handled failure is the service's to report; it is logged at debug level).
     */
    private void bindingFailed(ServiceModel.DataMethod method, DataBindingException failure) {
        connection.metrics().error("binding");
        if (method.errorMethod() != null || model.onError != null) {
            LOG.debug("connection {}: {} (for {})", connection.id(), failure.getMessage(), method.name());
            callError(method.errorMethod() != null ? method.errorMethod() : model.onError, failure);
        } else {
            LOG.warn("connection {}: {} (for {})", connection.id(), failure.getMessage(), method.name());
            closeQuietly(WebSocketProtocol.CLOSE_UNSUPPORTED_DATA, CloseCodes.truncateReason(failure.getMessage()));
        }
    }

    /**
     * A method failed: {@code onError} gets it when the service has one and the connection stays open; otherwise it
     * is logged and the connection closes with 1011.
     */
    private void failed(String name, Throwable failure) {
        connection.metrics().error("service");
        if (model.onError != null) {
            callError(model.onError, failure);
            return;
        }
        if (!connection.isOpen()) {
            PROBLEMS.error(name + " of " + model.type.getName() + " failed on connection " + connection.id()
                    + ", which is closed already", failure);
            return;
        }
        PROBLEMS.error(name + " of " + model.type.getName() + " failed on connection " + connection.id()
                + "; closing with 1011", failure);
        closeQuietly(CloseFrame.INTERNAL_SERVER_ERROR.status(), CloseFrame.INTERNAL_SERVER_ERROR.reason());
    }

    private void callError(ServiceModel.ErrorMethod method, Throwable failure) {
        Throwable argument = method.parameter().isInstance(failure) ? failure
                : new WebSocketException(failure.toString(), failure);
        if (!method.parameter().isInstance(argument)) {
            argument = new DataBindingException(failure.toString(), failure);
        }
        Object result;
        try {
            result = method.handle().invokeExact((Object) service, caller, argument);
        } catch (Throwable t) {
            LOG.error("{} of {} failed on connection {}; closing with 1011", method.name(), model.type.getName(),
                    connection.id(), t);
            closeQuietly(CloseFrame.INTERNAL_SERVER_ERROR.status(), CloseFrame.INTERNAL_SERVER_ERROR.reason());
            return;
        }
        if (result instanceof CloseFrame close) {
            returns().send(close, null);
        }
    }

    private void closeQuietly(int code, String reason) {
        if (!connection.isOpen()) {
            return;
        }
        try {
            connection.closeAsync(code, reason, connection.defaultClosureTimeout());
        } catch (ConnectionClosureException alreadyClosing) {
            LOG.debug("connection {} already closing", connection.id());
        }
    }
}
