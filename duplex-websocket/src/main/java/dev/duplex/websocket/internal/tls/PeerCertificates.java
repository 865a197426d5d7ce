package dev.duplex.websocket.internal.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The certificate chain the peer presented and this end verified in the TLS handshake of a channel, and the TLS
 * session it belongs to.
 *
 * <p>Thread safety: stateless; call after the handshake completed.
 */
public final class PeerCertificates {
    private PeerCertificates() {
    }

    /** The peer's verified chain, its own certificate first; empty without TLS or when it presented none. */
    public static List<X509Certificate> of(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : tls.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    /** The TLS session of the channel (cipher suite, stapled OCSP responses …), or {@code null} without TLS. */
    public static SSLSession session(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls == null ? null : tls.engine().getSession();
    }
}
