package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.ClientSecureSocket;
import dev.duplex.websocket.SslException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of one {@code Client}: the context, built once when the client is constructed (so reconnections can
 * resume the session), and the handlers of its connections.
 *
 * <p>Thread safety: immutable; {@link #newHandler} is called from event loops.
 */
public final class ClientTls {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTls.class);

    private final ClientSecureSocket config;
    private final SslContext context;

    private ClientTls(ClientSecureSocket config, SslContext context) {
        this.config = config;
        this.context = context;
    }

    /**
     * Reads the files of {@code config} ({@code null}: the JDK's default trust) and builds the context.
     *
     * @throws SslException when the files cannot be used
     */
    public static ClientTls create(ClientSecureSocket config, String url) {
        ClientSecureSocket effective = config == null ? ClientSecureSocket.DEFAULT : config;
        if (!effective.enable()) {
            LOG.warn("TLS certificate verification is OFF for {} (ClientSecureSocket.enable=false): any server"
                    + " certificate is accepted. For development only.", url);
        }
        return new ClientTls(effective, SslContexts.forClient(effective, TlsEngine.select()));
    }

    /**
     * A handler for a connection to {@code host}; SNI and hostname verification use {@code serverName} when set. The
     * handshake may take {@code handshakeTimeout}, and never longer than {@code overallTimeout}. When the server's
     * certificate is checked for revocation, the handshake work runs on {@link HandshakeWorkers}, not on the event
     * loop.
     */
    public SslHandler newHandler(ByteBufAllocator allocator, String host, int port, Duration overallTimeout) {
        String peerHost = config.serverName() == null ? host : config.serverName();
        SslHandler handler = checksRevocation()
                ? context.newHandler(allocator, peerHost, port, HandshakeWorkers.shared())
                : context.newHandler(allocator, peerHost, port);
        handler.setHandshakeTimeoutMillis(Math.max(1, Math.min(SaturatingDurations.toMillis(config.handshakeTimeout()),
                SaturatingDurations.toMillis(overallTimeout))));
        if (!config.shareSession()) {
            UnsharedSessions.refuseResumption(handler);
        }
        return handler;
    }

    /** Whether the server's certificate is checked for revocation, which may wait on an OCSP responder or a CRL. */
    private boolean checksRevocation() {
        return config.enable() && config.certValidation() != null;
    }

    /** The typed failure of a handshake with {@code url}. */
    public SslException describe(Throwable failure, String url) {
        return TlsFailures.classify(failure, url, config.handshakeTimeout()
                + " (ClientSecureSocket.handshakeTimeout)");
    }
}
