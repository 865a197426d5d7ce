package dev.duplex.websocket;

import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.client.ClientInbox;
import dev.duplex.websocket.internal.client.ClientSession;
import dev.duplex.websocket.internal.client.PingPongCallbacks;
import dev.duplex.websocket.internal.client.ReconnectingSession;
import dev.duplex.websocket.internal.client.WebSocketUrl;
import dev.duplex.websocket.internal.connection.ConnectionState;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.connection.InboundBudget;
import dev.duplex.websocket.internal.tls.ClientTls;
import dev.duplex.websocket.internal.tls.PeerCertificates;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synchronous WebSocket client (spec §4): the constructor connects and completes the opening handshake; writes
 * queue the message for the socket and return; reads take the next message from a bounded inbound queue. An I/O
 * error that breaks the connection after a write returned is reported by the next read, write or close.
 *
 * <pre>{@code
 * try (var client = new Client("ws://localhost:9090/basic/ws")) {
 *     client.writeTextMessage("Text message");
 *     String reply = client.readTextMessage();
 * }
 * }</pre>
 *
 * <p>Control frames never wait for the application: pings are answered (or handed to the
 * {@link ClientConfiguration#pingPongHandler()}), and a close frame from the server is echoed at once; the pending
 * or next read then reports {@link ConnectionClosureException} with the server's code and reason, after every message
 * that arrived before it.
 *
 * <p>With a {@link ClientConfiguration#retryConfig()}, the client reconnects when connecting fails, when the
 * connection drops without a close frame (a read then goes on on the new connection) and when a write fails with an
 * I/O error (the write is sent again on the new connection). A close by the server is never retried.
 *
 * <p><b>Push clients.</b> {@link #connect(String, ClientConfiguration, Service)} makes a client whose incoming
 * messages go to a {@link Service}'s remote methods, exactly as a listener dispatches them ({@code onOpen},
 * {@code onTextMessage}, {@code onBinaryMessage}, {@code onMessage} with data binding, custom methods by
 * {@code dispatcherKey}, {@code onPing}, {@code onPong}, {@code onError}, {@code onClose}), in order, on workers;
 * what they return is sent to the server. The methods' {@link Caller} is the client's end of the connection. Its
 * {@link ServiceConfig} annotation, if any, sets the dispatch options ({@code dispatcherKey}, {@code dispatchMode},
 * ...). A push client cannot be read from; writes and {@link #close()} work as usual. It does not reconnect: a
 * {@code retryConfig} applies only to connecting.
 *
 * <p>Lifecycle: connected when constructed (or when {@link #connect} returns); {@link #close()} ends it, and a closed
 * client cannot reconnect. Messages that arrive while nobody reads wait in a queue of
 * {@link ClientConfiguration#inboundQueueCapacity()} messages; when it is full the client stops reading from the
 * socket, so a fast server slows down instead of filling this end's memory.
 *
 * <p>Thread safety: every method is safe from any thread. Writes are ordered and never interleave; several readers
 * each get different messages, in arrival order, each message exactly once. A read blocked in one thread returns
 * promptly when another thread closes the client.
 */
public final class Client implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Client.class);
    /** The close timeout of {@link #close()}: the spec's 60 s. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final WebSocketUrl url;
    private final ClientConfiguration config;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    /** Whether the {@code pingPongHandler} answers pings itself; found once, used by every connection. */
    private final boolean answersPings;
    private final MessageBinder binder;
    /** The TLS context of every connection of this client, or {@code null} for {@code ws://}. */
    private final ClientTls tls;
    /** The push client's service, its model and dispatch settings; {@code null} for a reading client. */
    private final Service service;
    private final dev.duplex.websocket.internal.dispatch.ServiceModel serviceModel;
    private final WsServiceConfig serviceConfig;
    /** The connection, made and remade as the configuration says. */
    private final ReconnectingSession link;

    /**
     * Connects to {@code url} with the default configuration ({@link ClientConfiguration#DEFAULT}) and completes the
     * opening handshake.
     *
     * @param url the server's URL, {@code ws://host[:port]/path[?query]} or {@code wss://...}
     * @throws IllegalArgumentException as {@link #Client(String, ClientConfiguration)}
     * @throws WebSocketException       as {@link #Client(String, ClientConfiguration)}
     */
    public Client(String url) {
        this(url, ClientConfiguration.DEFAULT);
    }

    /**
     * Connects to {@code url} and completes the opening handshake; returns once the connection is open. With a
     * {@link ClientConfiguration#retryConfig()}, a failure to connect (but not a refusal) is retried first.
     *
     * @param url    the server's URL, {@code ws://host[:port]/path[?query]} or {@code wss://...}
     * @param config how to connect and read; not {@code null}
     * @throws IllegalArgumentException   when the URL is malformed or not {@code ws://} / {@code wss://}
     * @throws InvalidHandshakeException  when the server refuses or answers wrongly (the response is attached)
     * @throws HandshakeTimeoutException  when the handshake takes longer than {@code handShakeTimeout}
     * @throws ConnectionException        when the server cannot be reached (after the retries, if configured)
     * @throws SslException               when the TLS files cannot be used or the TLS handshake fails; the subclass
     *                                    names the cause ({@link UntrustedCertificateException},
     *                                    {@link HostnameMismatchException}, {@link ProtocolMismatchException}, ...)
     * @throws AuthenticationException    when {@link ClientConfiguration#auth()} cannot supply credentials (e.g. the
     *                                    token endpoint refused)
     */
    public Client(String url, ClientConfiguration config) {
        this(url, config, null);
    }

    private Client(String url, ClientConfiguration config, Service service) {
        this.url = WebSocketUrl.parse(url);
        this.config = Objects.requireNonNull(config, "config");
        this.answersPings = PingPongCallbacks.answersPings(config.pingPongHandler());
        this.binder = new MessageBinder(config.codec(), config.validation());
        this.tls = this.url.secure() ? ClientTls.create(config.secureSocket(), this.url.url()) : null;
        this.service = service;
        this.serviceModel = service == null ? null
                : dev.duplex.websocket.internal.dispatch.ServiceModel.of(service.getClass());
        this.serviceConfig = service == null ? null : pushServiceConfig(service, config);
        this.link = new ReconnectingSession(this.url, config, tls, this::newListener);
    }

    /**
     * Connects to {@code url} and dispatches every incoming message to {@code service}'s remote methods, as a
     * listener does (see "Push clients" above). Returns once the handshake is done; {@code onOpen} runs then.
     *
     * @param url     the server's URL, {@code ws://host[:port]/path[?query]} or {@code wss://...}
     * @param config  how to connect; its codec, validation and queue capacity also serve the service
     * @param service receives the connection's events; its class is checked before anything is connected
     * @return the connected client, which cannot be read from
     * @throws IllegalArgumentException when a remote method of the service has a wrong signature (nothing is
     *                                  connected), or as {@link #Client(String, ClientConfiguration)}
     * @throws WebSocketException       as {@link #Client(String, ClientConfiguration)}
     */
    public static Client connect(String url, ClientConfiguration config, Service service) {
        return new Client(url, config, Objects.requireNonNull(service, "service"));
    }

    /** The dispatch settings of a push client's service: its annotation's, with the client's codec and queue. */
    private static WsServiceConfig pushServiceConfig(Service service, ClientConfiguration config) {
        ServiceConfig annotation = service.getClass().getAnnotation(ServiceConfig.class);
        WsServiceConfig base = annotation == null ? WsServiceConfig.DEFAULT : WsServiceConfig.from(annotation);
        return base.toBuilder().codec(config.codec()).validation(config.validation())
                .inboundQueueCapacity(config.inboundQueueCapacity()).build();
    }

    // ---- connecting ----

    private dev.duplex.websocket.internal.connection.ConnectionListener newListener(WebSocketConnection connection) {
        if (service == null) {
            return newInbox(connection);
        }
        var caller = dev.duplex.websocket.internal.dispatch.ConnectionCaller.client(connection, binder);
        return new dev.duplex.websocket.internal.dispatch.ServiceDispatcher(service, serviceModel, caller, connection,
                serviceConfig, binder);
    }

    private ClientInbox newInbox(WebSocketConnection connection) {
        return new ClientInbox(config.inboundQueueCapacity(), InboundBudget.bytesFor(config.maxMessageSize()),
                new PingPongCallbacks(this, config.pingPongHandler(), answersPings, connection));
    }

    private Object read(ClientInbox.Kind kind) {
        if (service != null) {
            throw new IllegalStateException("this client pushes its messages to " + service.getClass().getName()
                    + "; there is nothing to read");
        }
        return link.read(kind);
    }

    // ---- the spec's API ----

    /**
     * Sends a text message; returns once it is queued for the socket, as a server's writes do, and waits only while
     * more than 64 KiB are queued (the server is not reading), up to {@code writeTimeout}. A write that fails after
     * returning is not lost: the I/O error breaks the connection, and the next read, write or close reports it (a
     * {@link ConnectionException} whose cause is the error). With a {@code retryConfig}, a write returns only once
     * written to the socket, and one that fails because the connection broke is sent again on a new connection.
     * {@link #close()} makes sure every message written before it was sent: its close frame follows them.
     *
     * @param data the text; not {@code null}
     * @throws ConnectionClosureException when the connection is closing or closed
     * @throws WriteTimeoutException      when it could not be queued (or, with a {@code retryConfig}, written)
     *                                    within {@code writeTimeout}; the connection then closes with 1008
     * @throws ConnectionException        when an I/O error broke the connection, now or after an earlier write
     *                                    returned (and no retry succeeded)
     */
    public void writeTextMessage(String data) {
        Objects.requireNonNull(data, "data");
        link.write(connection -> connection.sendText(data));
    }

    /**
     * Sends a binary message; returns once it is queued for the socket. See {@link #writeTextMessage(String)}.
     *
     * @param data the bytes; not {@code null}
     * @throws ConnectionClosureException when the connection is closing or closed
     * @throws WriteTimeoutException      when it could not be written within {@code writeTimeout}
     * @throws ConnectionException        when an I/O error broke the connection (and no retry succeeded)
     */
    public void writeBinaryMessage(byte[] data) {
        Objects.requireNonNull(data, "data");
        link.write(connection -> connection.sendBinary(data));
    }

    /**
     * Sends a value (spec §4.3 writeMessage): {@code String} and XML documents as text, {@code byte[]} and
     * {@link ByteBuffer} (its remaining bytes, position untouched) as binary, anything else as JSON text through the
     * configured {@link MessageCodec}.
     *
     * @param data the value; not {@code null}
     * @throws DataBindingException when the codec cannot encode it (nothing is sent)
     * @throws ConnectionException  as {@link #writeTextMessage(String)}
     */
    public void writeMessage(Object data) {
        MessageBinder.Outbound outbound = binder.encode(Objects.requireNonNull(data, "data"));
        if (outbound.binary() != null) {
            writeBinaryMessage(outbound.binary());
        } else {
            writeTextMessage(outbound.text());
        }
    }

    /**
     * Sends a ping; the server's pong goes to the {@link ClientConfiguration#pingPongHandler()}, if any.
     *
     * @param data the payload, at most 125 bytes; not {@code null}
     * @throws IllegalArgumentException   over 125 bytes (nothing is sent)
     * @throws ConnectionClosureException when the connection is closing or closed
     */
    public void ping(byte[] data) {
        Objects.requireNonNull(data, "data");
        link.write(connection -> connection.sendPing(data));
    }

    /**
     * Sends a pong: an unsolicited heartbeat, or the answer to a ping when the
     * {@link PingPongService#onPing(Client, byte[])} returned {@code null}.
     *
     * @param data the payload, at most 125 bytes; not {@code null}
     * @throws IllegalArgumentException   over 125 bytes (nothing is sent)
     * @throws ConnectionClosureException when the connection is closing or closed
     */
    public void pong(byte[] data) {
        Objects.requireNonNull(data, "data");
        link.write(connection -> connection.sendPong(data));
    }

    /**
     * Takes the next message, which must be text, waiting up to {@code readTimeout} for it. With a
     * {@code retryConfig}, a read that finds the connection dropped (1006) goes on on a new connection.
     *
     * @return the text message
     * @throws IllegalStateException      on a push client, whose messages go to its service
     * @throws WebSocketException         when the next message is binary (it stays queued: nothing is lost)
     * @throws ReadTimeoutException       when none arrives within {@code readTimeout} (the connection stays usable)
     * @throws ConnectionClosureException when the connection ended; carries the close code and reason
     * @throws PayloadTooLargeException   when the server sent a frame or message over the limits (the connection
     *                                    closed with 1009)
     * @throws ConnectionException        when an I/O error broke the connection (e.g. a write that had returned
     *                                    failed), after the messages that arrived before it
     */
    public String readTextMessage() {
        return (String) read(ClientInbox.Kind.TEXT);
    }

    /**
     * Takes the next message, which must be binary; see {@link #readTextMessage()}.
     *
     * @return the binary message
     * @throws WebSocketException when the next message is text (it stays queued), or as
     *                            {@link #readTextMessage()}
     */
    public byte[] readBinaryMessage() {
        return (byte[]) read(ClientInbox.Kind.BINARY);
    }

    /**
     * Takes the next message, whatever its kind; see {@link #readTextMessage()} for the waiting and the failures.
     *
     * @return a {@code String} for a text message, a {@code byte[]} for a binary one
     * @throws WebSocketException as {@link #readTextMessage()}, except that no kind is refused
     */
    public Object readMessage() {
        return read(ClientInbox.Kind.ANY);
    }

    /**
     * Takes the next message and binds it to {@code type} (spec §4.3 readMessage): text to {@code String} as is, to
     * an XML {@link org.w3c.dom.Document} parsed safely, to anything else parsed as JSON; binary to {@code byte[]} as
     * is, to anything else decoded as UTF-8 first. With {@code validation} on and a Bean Validation provider present,
     * the value is validated.
     *
     * @param <T>  the type to bind to
     * @param type the class to bind to; a primitive class gives its boxed value
     * @return the bound value
     * @throws DataBindingException       when the message does not bind (it stays queued for the next read; the connection stays usable)
     * @throws PayloadValidationException when the bound value breaks a constraint
     * @throws WebSocketException         as {@link #readMessage()}
     */
    @SuppressWarnings("unchecked")
    public <T> T readMessage(Class<T> type) {
        Objects.requireNonNull(type, "type");
        Object value = readBound(type);
        // For int.class the value is an Integer, which Class.cast refuses; the caller's unboxing takes it.
        return type.isPrimitive() ? (T) value : type.cast(value);
    }

    /**
     * Takes the next message and binds it to a generic type, e.g. {@code new TypeRef<List<Order>>() {}}; see
     * {@link #readMessage(Class)}.
     *
     * @param <T>  the type to bind to
     * @param type the captured type
     * @return the bound value
     * @throws DataBindingException       when the message does not bind (it stays queued for the next read; the connection stays usable)
     * @throws PayloadValidationException when the bound value breaks a constraint
     * @throws WebSocketException         as {@link #readMessage()}
     */
    @SuppressWarnings("unchecked")
    public <T> T readMessage(TypeRef<T> type) {
        Objects.requireNonNull(type, "type");
        return (T) readBound(type.type());
    }

    /** The next message bound to {@code type}; a message that does not bind stays queued. */
    private Object readBound(java.lang.reflect.Type type) {
        if (service != null) {
            read(ClientInbox.Kind.ANY); // refuses: a push client has nothing to read
        }
        return link.read(ClientInbox.Kind.ANY, message -> bind(message, type));
    }

    private Object bind(Object message, java.lang.reflect.Type type) {
        if (message instanceof String text) {
            return binder.fromText(text, type);
        }
        return binder.fromBinary((byte[]) message, type);
    }

    /**
     * Closes with 1000, no reason, waiting up to {@link #DEFAULT_CLOSE_TIMEOUT} (60 s) for the server's close frame;
     * see {@link #close(int, String, Duration)}. Unlike that method it does not throw when the client is closed
     * already or the server does not answer: that is not an error here.
     *
     * @throws ConnectionException only when an I/O error broke the connection and no call has reported it yet (a
     *                             write returns once queued, so the failure of the last writes surfaces here)
     */
    @Override
    public void close() {
        ClientSession current = link.current();
        if (link.closedByUser() && current.connection().state() != ConnectionState.OPEN) {
            return;
        }
        try {
            close(1000, "", DEFAULT_CLOSE_TIMEOUT);
        } catch (ConnectionClosureException alreadyClosed) {
            LOG.debug("client for {} was already closed: {}", url.url(), alreadyClosed.getMessage());
        }
    }

    /**
     * Sends a close frame and waits up to {@code timeout} for the server's ({@code Duration.ZERO}: not at all, and
     * returns normally; -1 s: forever), then drops the connection. Blocked reads return at once, messages that arrive
     * after this call are dropped, and any reconnecting stops.
     *
     * @param statusCode the close code: 1000–1003, 1007–1011 or 3000–4999
     * @param reason     the reason, at most 123 bytes in UTF-8; {@code null} or empty for none
     * @param timeout    how long to wait for the server's close frame; not {@code null}
     * @throws IllegalArgumentException   for a code outside 1000–1003, 1007–1011, 3000–4999, a reason over 123 bytes or
     *                                    a negative timeout other than -1 s (nothing is sent)
     * @throws ConnectionClosureException when the connection was already closed or closing, or the server did not
     *                                    answer in time (the connection is dropped all the same)
     * @throws ConnectionException        when an I/O error broke the connection and no call has reported it yet
     *                                    (e.g. a write that had returned failed afterwards); its cause is the error
     */
    public void close(int statusCode, String reason, Duration timeout) {
        link.close(statusCode, reason, Objects.requireNonNull(timeout, "timeout"));
    }

    // ---- information ----

    /** {@return a stable identifier of the current connection (a reconnect makes a new one)} */
    public String getConnectionId() {
        return link.current().connection().id();
    }

    /** {@return the sub-protocol the server chose, or empty when it chose none} */
    public Optional<String> getNegotiatedSubProtocol() {
        return Optional.ofNullable(link.current().connection().subProtocol());
    }

    /** {@return whether the connection runs over TLS ({@code wss://})} */
    public boolean isSecure() {
        return link.current().connection().isSecure();
    }

    /**
     * The server's certificate chain as verified in the TLS handshake of the current connection, its own certificate
     * first.
     *
     * @return the chain; empty for {@code ws://} (and unverified when {@link ClientSecureSocket#enable()} is false)
     */
    public List<X509Certificate> getPeerCertificates() {
        return PeerCertificates.of(link.current().connection().channel());
    }

    /**
     * The TLS session of the current connection, or {@code null} for {@code ws://}: for tests in this package, which
     * check the negotiated cipher suite, session resumption and stapled OCSP responses.
     */
    SSLSession tlsSession() {
        return PeerCertificates.session(link.current().connection().channel());
    }

    /**
     * Whether the current connection is open: no close frame sent or received, and the TCP connection up.
     *
     * @return {@code true} while the connection is open
     */
    public boolean isOpen() {
        return link.current().connection().isOpen();
    }

    /** {@return the server's 101 response to the opening handshake of the current connection} */
    public HandshakeResponse getHttpResponse() {
        return link.current().response();
    }

    /**
     * Stores a value on this client; attributes outlive reconnects and are never sent anywhere.
     *
     * @param key   the name; not {@code null}
     * @param value the value; {@code null} removes the attribute
     */
    public void setAttribute(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    /**
     * Reads a value stored with {@link #setAttribute(String, Object)}.
     *
     * @param key the name; not {@code null}
     * @return the value stored under {@code key}, or {@code null} when there is none
     */
    public Object getAttribute(String key) {
        return attributes.get(key);
    }

    /**
     * Removes a value stored with {@link #setAttribute(String, Object)}.
     *
     * @param key the name; not {@code null}
     * @return the value that was stored under {@code key}, or {@code null} when there was none
     */
    public Object removeAttribute(String key) {
        return attributes.remove(key);
    }

    @Override
    public String toString() {
        return "Client[" + url.url() + "]";
    }
}
