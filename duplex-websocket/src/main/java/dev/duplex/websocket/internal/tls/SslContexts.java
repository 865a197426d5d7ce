package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.CertValidation;
import dev.duplex.websocket.CertValidationType;
import dev.duplex.websocket.ClientSecureSocket;
import dev.duplex.websocket.ListenerSecureSocket;
import dev.duplex.websocket.MutualSsl;
import dev.duplex.websocket.Protocol;
import dev.duplex.websocket.SslException;
import dev.duplex.websocket.VerifyClient;
import io.netty.handler.ssl.CipherSuiteFilter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Netty {@link SslContext}s from the public {@link ListenerSecureSocket} and {@link ClientSecureSocket}
 * records, reading their files; every problem is an {@link SslException} that names the file and the setting.
 *
 * <p>Thread safety: stateless.
 */
public final class SslContexts {
    private static final Logger LOG = LoggerFactory.getLogger(SslContexts.class);

    private SslContexts() {
    }

    /**
     * The listener's context with {@code key} (read from {@code config.key()} by the caller, who also needs its chain
     * for OCSP stapling). With {@link CertValidationType#OCSP_STAPLING} on the OpenSSL engine, its engines accept a
     * stapled response ({@code ReferenceCountedOpenSslEngine.setOcspResponse}).
     *
     * @throws SslException as the record documents
     */
    static SslContext forListener(ListenerSecureSocket config, TlsEngine engine, TlsMaterial.KeyAndChain key) {
        CertValidation validation = config.certValidation();
        if (validation != null && config.mutualSsl() == null && validation.type() != CertValidationType.OCSP_STAPLING) {
            throw new SslException("ListenerSecureSocket.certValidation of type " + validation.type() + " checks client"
                    + " certificates and needs mutualSsl; OCSP_STAPLING staples OCSP responses for the listener's own"
                    + " certificate and works without it");
        }
        SslContextBuilder builder = SslContextBuilder.forServer(key.key(), key.chain())
                .sslProvider(engine.provider())
                .ciphers(config.ciphers(), new ReportingCipherFilter("ListenerSecureSocket.ciphers", engine));
        if (staplesOcsp(config, engine)) {
            builder.enableOcsp(true);
        }
        MutualSsl mutual = config.mutualSsl();
        if (mutual != null) {
            builder.trustManager(trustManager(TlsMaterial.load(mutual.cert()), config.certValidation()))
                    .clientAuth(mutual.verifyClient() == VerifyClient.REQUIRE ? ClientAuth.REQUIRE
                            : ClientAuth.OPTIONAL);
        }
        applyCommon(builder, config.protocol(), config.sessionTimeout() == null ? 0
                : config.sessionTimeout().toSeconds());
        SslContext context = build(builder, "ListenerSecureSocket");
        if (config.sessionTimeout() != null) {
            warnWhereTheSessionTimeoutIsAHint(config, engine);
        }
        if (!config.shareSession()) {
            UnsharedSessions.refuseResumption(context);
        }
        return context;
    }

    /**
     * Says where the listener cannot hold sessions to {@code sessionTimeout} itself: BoringSSL gives TLS 1.3 sessions
     * its own lifetime, and the JDK does not check the age of the session tickets it decrypts (the lifetime it tells
     * clients in TLS 1.3 is honoured by OpenSSL-based clients, not by the JDK's).
     */
    private static void warnWhereTheSessionTimeoutIsAHint(ListenerSecureSocket config, TlsEngine engine) {
        boolean tls13 = config.protocol() == null || config.protocol().versions().isEmpty()
                || config.protocol().versions().contains("TLSv1.3");
        if (engine == TlsEngine.OPENSSL && tls13) {
            LOG.warn("ListenerSecureSocket.sessionTimeout={} bounds TLS 1.2 sessions; the OpenSSL engine (BoringSSL)"
                    + " keeps TLS 1.3 sessions resumable for its own lifetime", config.sessionTimeout());
        } else if (engine == TlsEngine.JDK && !"false".equalsIgnoreCase(
                System.getProperty(UnsharedSessions.JDK_SERVER_TICKETS, "true").trim())) {
            LOG.warn("ListenerSecureSocket.sessionTimeout={}: the JDK TLS engine does not check the age of session"
                    + " tickets, so clients that ignore the lifetime it announces may resume older sessions, unless the"
                    + " JVM runs with -D{}=false", config.sessionTimeout(), UnsharedSessions.JDK_SERVER_TICKETS);
        }
    }

    /**
     * Whether the listener's connections get a stapled OCSP response from this library: OCSP_STAPLING on the OpenSSL
     * engine (the JDK engine staples by itself when the JVM enables it; see {@code ReloadingSslContext}).
     */
    static boolean staplesOcsp(ListenerSecureSocket config, TlsEngine engine) {
        return config.certValidation() != null && config.certValidation().type() == CertValidationType.OCSP_STAPLING
                && engine == TlsEngine.OPENSSL && OpenSsl.isOcspSupported();
    }

    /**
     * The client's context. With {@link CertValidationType#OCSP_STAPLING} on the OpenSSL engine, it asks servers for
     * a stapled OCSP response (the JDK engine asks by default), which the revocation check then uses.
     *
     * @throws SslException as the record documents
     */
    public static SslContext forClient(ClientSecureSocket config, TlsEngine engine) {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(engine.provider());
        CertValidation validation = config.enable() ? config.certValidation() : null;
        if (validation != null && validation.type() == CertValidationType.OCSP_STAPLING && engine == TlsEngine.OPENSSL
                && OpenSsl.isOcspSupported()) {
            builder.enableOcsp(true);
        }
        if (!config.enable()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            List<X509Certificate> trusted = config.cert() == null ? null : TlsMaterial.load(config.cert());
            if (trusted != null || config.certValidation() != null) {
                builder.trustManager(trustManager(trusted, config.certValidation()));
            }
            builder.endpointIdentificationAlgorithm(config.verifyHostName() ? "HTTPS" : null);
        }
        if (config.key() != null) {
            TlsMaterial.KeyAndChain key = TlsMaterial.load(config.key());
            builder.keyManager(key.key(), key.chain());
        }
        if (config.ciphers() != null) {
            builder.ciphers(config.ciphers(), new ReportingCipherFilter("ClientSecureSocket.ciphers", engine));
        }
        applyCommon(builder, config.protocol(), config.sessionTimeout() == null ? 0
                : config.sessionTimeout().toSeconds());
        SslContext context = build(builder, "ClientSecureSocket");
        if (!config.shareSession()) {
            UnsharedSessions.refuseResumption(context);
        }
        return context;
    }

    private static void applyCommon(SslContextBuilder builder, Protocol protocol, long sessionTimeoutSeconds) {
        if (protocol != null && !protocol.versions().isEmpty()) {
            builder.protocols(protocol.versions());
        }
        if (sessionTimeoutSeconds > 0) {
            builder.sessionTimeout(sessionTimeoutSeconds);
        }
    }

    private static SslContext build(SslContextBuilder builder, String setting) {
        SslContext context;
        try {
            context = builder.build();
        } catch (SSLException e) {
            if (e.getCause() instanceof SslException ours) {
                throw ours;
            }
            throw new SslException("cannot set up TLS from " + setting + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SslException("cannot set up TLS from " + setting + ": " + e.getMessage(), e);
        }
        if (context.cipherSuites().isEmpty()) {
            throw new SslException("none of the cipher suites in " + setting + ".ciphers is supported by this TLS"
                    + " engine");
        }
        return context;
    }

    /**
     * A trust manager over {@code trusted} (or the JDK's default trust when {@code null}), with revocation checks
     * when {@code validation} asks for them.
     */
    static X509ExtendedTrustManager trustManager(List<X509Certificate> trusted, CertValidation validation) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            if (trusted == null) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < trusted.size(); i++) {
                    store.setCertificateEntry("trusted-" + i, trusted.get(i));
                }
                factory.init(store);
            }
            X509ExtendedTrustManager manager = null;
            for (TrustManager candidate : factory.getTrustManagers()) {
                if (candidate instanceof X509ExtendedTrustManager x509) {
                    manager = x509;
                }
            }
            if (manager == null) {
                throw new SslException("the JDK's PKIX trust manager factory gave no X509ExtendedTrustManager");
            }
            if (validation == null) {
                return manager;
            }
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate issuer : trusted == null ? List.of(manager.getAcceptedIssuers()) : trusted) {
                anchors.add(new TrustAnchor(issuer, null));
            }
            return new RevocationCheckingTrustManager(manager, anchors, validation, Clock.systemUTC());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new SslException("cannot set up the trusted certificates: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps the cipher suites the engine supports, in the order given, and logs the others. BoringSSL (the OpenSSL
     * engine) cannot restrict TLS 1.3 suites: it offers and accepts all of them whenever TLS 1.3 is on, so a list that
     * names only some is logged as a warning.
     */
    private record ReportingCipherFilter(String setting, TlsEngine engine) implements CipherSuiteFilter {
        @Override
        public String[] filterCipherSuites(Iterable<String> ciphers, List<String> defaultCiphers,
                                           Set<String> supportedCiphers) {
            if (ciphers == null) {
                return defaultCiphers.toArray(String[]::new);
            }
            List<String> kept = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (String cipher : ciphers) {
                (supportedCiphers.contains(cipher) ? kept : skipped).add(cipher);
            }
            if (!skipped.isEmpty()) {
                LOG.debug("{}: skipping cipher suites this TLS engine does not support: {}", setting, skipped);
            }
            if (engine == TlsEngine.OPENSSL && String.valueOf(OpenSsl.versionString()).contains("BoringSSL")) {
                List<String> tls13 = supportedCiphers.stream().filter(SslContexts::isTls13Suite).sorted().toList();
                List<String> named = kept.stream().filter(SslContexts::isTls13Suite).toList();
                if (!named.isEmpty() && !named.containsAll(tls13)) {
                    LOG.warn("{} names the TLS 1.3 suites {}, but the OpenSSL engine (BoringSSL) cannot restrict TLS"
                            + " 1.3 suites: TLS 1.3 connections may use any of {}. Use the JDK engine (-D{}=jdk) to"
                            + " restrict them", setting, named, tls13, TlsEngine.PROPERTY);
                }
            }
            return kept.toArray(String[]::new);
        }
    }

    /** TLS 1.3 suites name only the AEAD and hash (RFC 8446 §B.4); earlier ones say "_WITH_". */
    private static boolean isTls13Suite(String name) {
        return name.startsWith("TLS_") && !name.contains("_WITH_");
    }
}
