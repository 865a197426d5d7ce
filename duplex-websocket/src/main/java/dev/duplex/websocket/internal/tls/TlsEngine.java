package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.SslException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS implementation behind Netty's {@code SslContext}: OpenSSL (netty-tcnative BoringSSL) when it is on the class
 * path and loads, the JDK's otherwise. The system property {@value #PROPERTY} ({@code jdk}, {@code openssl} or
 * {@code auto}, the default) forces one; it is read each time a context is built.
 *
 * <p>Thread safety: immutable.
 */
public enum TlsEngine {
    OPENSSL(SslProvider.OPENSSL),
    JDK(SslProvider.JDK);

    public static final String PROPERTY = "duplex.tls.provider";
    private static final Logger LOG = LoggerFactory.getLogger(TlsEngine.class);
    private static volatile TlsEngine lastReported;

    private final SslProvider provider;

    TlsEngine(SslProvider provider) {
        this.provider = provider;
    }

    SslProvider provider() {
        return provider;
    }

    /**
     * The engine to use now; reported in the log when it differs from the last one reported.
     *
     * @throws SslException when {@code openssl} is forced but does not load, or the property has another value
     */
    public static TlsEngine select() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        TlsEngine engine = switch (wanted) {
            case "jdk" -> JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new SslException("the OpenSSL TLS engine was asked for (-D" + PROPERTY + "=openssl) but"
                            + " does not load: " + whyOpenSslIsAbsent(OpenSsl.unavailabilityCause())
                            + "; add io.netty:netty-tcnative-boringssl-static for this platform", 
                            OpenSsl.unavailabilityCause());
                }
                yield OPENSSL;
            }
            case "auto", "" -> OpenSsl.isAvailable() ? OPENSSL : JDK;
            default -> throw new SslException("-D" + PROPERTY + " must be jdk, openssl or auto, was '" + wanted + "'");
        };
        if (lastReported != engine) {
            lastReported = engine;
            LOG.info("TLS engine: {}", engine.description());
        }
        return engine;
    }

    /** A description for logs, e.g. "OpenSSL (BoringSSL)". */
    public String description() {
        if (this == OPENSSL) {
            return "OpenSSL (" + OpenSsl.versionString() + ")";
        }
        return "JDK (" + System.getProperty("java.vendor") + " " + System.getProperty("java.version") + ")"
                + (OpenSsl.isAvailable() ? "" : "; OpenSSL not loaded: "
                        + whyOpenSslIsAbsent(OpenSsl.unavailabilityCause()));
    }

    /**
     * {@return why OpenSSL did not load, for people}: "netty-tcnative is not on the class path" when that optional jar
     * is simply absent (its class is missing), else the cause as it is, which then tells of a real problem.
     */
    static String whyOpenSslIsAbsent(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                return "netty-tcnative is not on the class path";
            }
        }
        return String.valueOf(cause);
    }
}
