package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.CertificateRejectedException;
import dev.duplex.websocket.ExpiredCertificateException;
import dev.duplex.websocket.HostnameMismatchException;
import dev.duplex.websocket.NotYetValidCertificateException;
import dev.duplex.websocket.ProtocolMismatchException;
import dev.duplex.websocket.RevokedCertificateException;
import dev.duplex.websocket.SslException;
import dev.duplex.websocket.TlsHandshakeTimeoutException;
import dev.duplex.websocket.UntrustedCertificateException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what the TLS engines throw (the JDK's and OpenSSL's, whose messages differ) into the {@link SslException}
 * subclass that names the cause, as seen from a client: "the server's certificate ...".
 *
 * <p>Causes are recognised by type first (certificate path exceptions and their reasons, Netty's handshake timeout),
 * then by the TLS alert or error named in the message.
 *
 * <p>Thread safety: stateless.
 */
public final class TlsFailures {
    private TlsFailures() {
    }

    /** Whether {@code failure} comes from TLS. */
    public static boolean isTls(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t instanceof SslHandshakeTimeoutException
                    || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The typed failure of a TLS handshake with {@code peer} (e.g. {@code wss://host:443/path}).
     *
     * @param handshakeTimeout the setting and its value, for the timeout message
     */
    public static SslException classify(Throwable failure, String peer, String handshakeTimeout) {
        String detail = rootMessage(failure);
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.ssl.NotSslRecordException) {
                // Netty's message dumps the bytes received in hex; what they mean is that no TLS server answered.
                return new SslException("the server at " + peer + " did not answer with TLS: it may serve plain"
                        + " ws:// (or HTTP) on that port; use a ws:// URL, or the server's wss:// port", failure);
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return new TlsHandshakeTimeoutException("the TLS handshake with " + peer + " did not complete within "
                        + handshakeTimeout, failure);
            }
            if (t instanceof CertificateExpiredException) {
                return expired(peer, t.getMessage(), failure);
            }
            if (t instanceof CertificateNotYetValidException) {
                return notYetValid(peer, t.getMessage(), failure);
            }
            if (t instanceof CertPathValidatorException validator) {
                CertPathValidatorException.Reason reason = validator.getReason();
                if (reason == BasicReason.EXPIRED) {
                    return expired(peer, detail, failure);
                }
                if (reason == BasicReason.NOT_YET_VALID) {
                    return notYetValid(peer, detail, failure);
                }
                if (reason == BasicReason.REVOKED || reason == BasicReason.UNDETERMINED_REVOCATION_STATUS) {
                    return revoked(peer, detail, failure);
                }
            }
            if (t instanceof CertPathBuilderException) {
                return untrusted(peer, detail, failure);
            }
        }
        String all = allMessages(failure).toLowerCase(Locale.ROOT);
        if (all.contains("no subject alternative") || all.contains("no name matching")) {
            return new HostnameMismatchException("the server's certificate does not name the host of " + peer
                    + " (ClientSecureSocket.verifyHostName, ClientSecureSocket.serverName): " + detail, failure);
        }
        if (all.contains("unable to find valid certification path") || all.contains("path building failed")) {
            return untrusted(peer, detail, failure);
        }
        if (all.contains("certificate revoked") || all.contains("revocation status")
                || all.contains("revocation check failed")) {
            return revoked(peer, detail, failure);
        }
        if (all.contains("protocol_version") || all.contains("no appropriate protocol")
                || all.contains("unsupported_protocol") || all.contains("unsupported protocol")
                || all.contains("no_protocols_available") || all.contains("wrong_version_number")
                || all.contains("no_shared_cipher") || all.contains("no cipher suites in common")
                || all.contains("no_cipher_match")) {
            return new ProtocolMismatchException("no common protocol with " + peer + ": the two ends share no TLS"
                    + " version or cipher suite (ClientSecureSocket.protocol, ciphers): " + detail, failure);
        }
        if (all.contains("certificate_required") || all.contains("bad_certificate")
                || all.contains("certificate_unknown") || all.contains("unknown_ca")
                || all.contains("certificate_revoked") || all.contains("certificate_expired")) {
            return new CertificateRejectedException("the server at " + peer + " rejected this client's certificate,"
                    + " or its lack of one (ClientSecureSocket.key): " + detail, failure);
        }
        if (all.contains("handshake_failure")) {
            // The server's generic refusal (RFC 8446 §6.2): usually no common cipher suite, but OpenSSL servers also
            // send it over TLS 1.2 when a required client certificate is missing, so it is not a protocol mismatch.
            return new SslException("the server at " + peer + " refused the TLS handshake (handshake_failure): the"
                    + " two ends may share no cipher suite (ClientSecureSocket.ciphers, the server's ciphers), or the"
                    + " server wants a client certificate (ClientSecureSocket.key): " + detail, failure);
        }
        return new SslException("TLS handshake with " + peer + " failed: " + detail, failure);
    }

    private static SslException expired(String peer, String detail, Throwable failure) {
        return new ExpiredCertificateException("the certificate of " + peer + " has expired: " + detail, failure);
    }

    private static SslException notYetValid(String peer, String detail, Throwable failure) {
        return new NotYetValidCertificateException("the certificate of " + peer + " is not valid yet: " + detail,
                failure);
    }

    private static SslException revoked(String peer, String detail, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null && t.getMessage().contains("revo")) {
                detail = t.getMessage();
                break;
            }
        }
        return new RevokedCertificateException("the certificate of " + peer + " is revoked, or its revocation status"
                + " could not be found (ClientSecureSocket.certValidation): " + detail, failure);
    }

    private static SslException untrusted(String peer, String detail, Throwable failure) {
        return new UntrustedCertificateException("the certificate of " + peer + " is not trusted: it does not chain"
                + " to a certificate in ClientSecureSocket.cert (or the JDK's default trust): " + detail, failure);
    }

    /** The innermost message, which names the real problem. */
    private static String rootMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? failure.getClass().getName() : message;
    }

    private static String allMessages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
