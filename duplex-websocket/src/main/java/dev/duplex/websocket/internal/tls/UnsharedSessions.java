package dev.duplex.websocket.internal.tls;

import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code shareSession=false} does, on a listener and on a client: no TLS session is resumed, so every connection
 * makes a full handshake. Invalidating each session after its handshake is not enough: TLS 1.3 (and TLS 1.2 with
 * RFC 5077) resume from session tickets, which the server hands out and the client keeps after the handshake, and
 * which the server does not look up in any cache. So tickets are switched off as well, where the engine allows it:
 * <ul>
 *   <li>OpenSSL, both ends: the context's session cache is turned off (a server issues no session ids, a client keeps
 *       nothing to offer), and each server connection gets {@code SSL_OP_NO_TICKET}, which Netty clears per
 *       connection for TLS 1.3;</li>
 *   <li>JDK client: the context's session lifetime is set beyond seven days, the longest RFC 8446 §4.6.1 allows a
 *       ticket to live, and the JDK then drops the tickets it receives (TLS 1.2 and 1.3); sessions in its TLS 1.2
 *       cache are invalidated after their handshake;</li>
 *   <li>JDK listener: sessions are invalidated after their handshake, which keeps them out of the JDK's cache, but
 *       its session tickets cannot be turned off for one context: the same lifetime trick makes it acknowledge the
 *       ticket extension in a TLS 1.2 ServerHello and then send no ticket, which OpenSSL clients reject. Only
 *       {@code -Djdk.tls.server.enableSessionTicketExtension=false} (JVM-wide, the user's choice) stops them, and a
 *       warning says so.</li>
 * </ul>
 *
 * <p>Thread safety: stateless; {@link #refuseResumption(SslHandler)} is called on the event loop that owns the
 * handler, before its handshake starts.
 */
final class UnsharedSessions {
    /** One second beyond the seven days (604,800 s) that RFC 8446 §4.6.1 allows a session ticket to live. */
    static final int TICKETLESS_SESSION_TIMEOUT_SECONDS = 604_801;

    private static final Logger LOG = LoggerFactory.getLogger(UnsharedSessions.class);
    /** The JDK's switch for the session tickets of every server context (read when a context is made). */
    static final String JDK_SERVER_TICKETS = "jdk.tls.server.enableSessionTicketExtension";

    private UnsharedSessions() {
    }

    /** Turns off the session cache and tickets of {@code context} as far as its engine allows; once, when built. */
    static void refuseResumption(SslContext context) {
        if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
            openSsl.setSessionCacheEnabled(false);
        } else if (context.isClient()) {
            context.sessionContext().setSessionTimeout(TICKETLESS_SESSION_TIMEOUT_SECONDS);
        } else {
            warnOfTickets();
        }
    }

    /** Logs, once per listener context, that the JDK engine's session tickets still allow resumption. */
    private static void warnOfTickets() {
        if (!"false".equalsIgnoreCase(System.getProperty(JDK_SERVER_TICKETS, "true").trim())) {
            LOG.warn("ListenerSecureSocket.shareSession=false: the JDK TLS engine keeps sessions out of its cache, but"
                    + " clients can still resume them from session tickets (TLS 1.3, and TLS 1.2 with RFC 5077) unless"
                    + " the JVM runs with -D{}=false; the OpenSSL engine refuses resumption in every case",
                    JDK_SERVER_TICKETS);
        }
    }

    /** Keeps the session of {@code handler}'s connection from being resumed later. */
    static void refuseResumption(SslHandler handler) {
        if (handler.engine() instanceof ReferenceCountedOpenSslEngine openSsl && !openSsl.getUseClientMode()) {
            // Only reached with the OpenSSL engine, so netty-tcnative's classes are there.
            SSL.setOptions(openSsl.sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
        handler.handshakeFuture().addListener(done -> {
            if (done.isSuccess()) {
                handler.engine().getSession().invalidate();
            }
        });
    }
}
