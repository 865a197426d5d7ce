package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.CertValidation;
import dev.duplex.websocket.CertValidationType;
import dev.duplex.websocket.ListenerSecureSocket;
import dev.duplex.websocket.SslException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's TLS context, rebuilt when its files change. As connections arrive, at most once per
 * {@link ListenerSecureSocket#reloadInterval()}, the files are read and digested on a daemon thread of this context
 * ({@code duplex-tls-reload}), never on the event loop, since a read may wait (a hung file system, a named pipe); when
 * the digest differs, a new context is built there and the connections that arrive after it use it (open ones, and
 * those that arrive while it is being built, keep the previous one). A change that cannot be used (a certificate
 * written before its key, a key that does not decrypt) is logged once and the previous context kept; the next change
 * is tried again.
 *
 * <p>With {@link CertValidationType#OCSP_STAPLING} on the OpenSSL engine, each new connection gets the current
 * {@link OcspStaple} of the listener's certificate: fetched when the listener starts, refreshed on a daemon thread of
 * this context until the listener stops, and started afresh (in the background) when a reload brings another
 * certificate. On the JDK engine, the JDK staples by itself when the JVM runs with
 * {@code -D}{@value #JDK_SERVER_STAPLING}{@code =true}, fetching and caching responses with its own
 * {@code jdk.tls.stapling.*} settings; this library does not set that JVM-wide property, and warns when it is
 * missing.
 *
 * <p>Thread safety: {@link #newHandler} is called from every event loop and only reads {@link #current} (volatile)
 * and asks for a check ({@link #nextCheck} and {@link #checking} are atomics; it never waits). Checks run one at a
 * time on {@link #reloading}; what they replace is published through {@link #current}, and the staple bookkeeping is
 * guarded by this object. {@link #start} and {@link #stop} come from the listener's start and stop.
 */
public final class ReloadingSslContext {
    /** The JDK's switch for stapling by its server contexts, read when a context is made. */
    static final String JDK_SERVER_STAPLING = "jdk.tls.server.enableStatusRequestExtension";
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslContext.class);

    private final ListenerSecureSocket config;
    private final TlsEngine engine;
    private final List<Path> files;
    private final long intervalNanos;
    /**
     * Whether handshakes may wait on an OCSP responder or CRL server: client certificates are checked for revocation,
     * or the JDK engine fetches the OCSP response it staples during a handshake.
     */
    private final boolean checksRevocation;
    /** Runs the OCSP fetches when this library staples; its thread starts with the first fetch. */
    private final ScheduledExecutorService stapling;
    /** Runs the checks for changed files, one at a time; {@code null} when {@code reloadInterval} is zero. */
    private final ThreadPoolExecutor reloading;
    private final AtomicLong nextCheck;
    /** Whether a check is queued or running, so that arriving connections ask for one check at a time. */
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Loaded current;
    /** Guarded by this: whether staples are being fetched (between {@link #start} and {@link #stop}). */
    private boolean started;

    /** A context, the digest of the files it was built from, and the staple of its certificate (or null). */
    private record Loaded(SslContext context, String digest, OcspStaple staple) {
    }

    /** Reads the files now. @throws SslException when they cannot be used */
    public ReloadingSslContext(ListenerSecureSocket config) {
        this.config = config;
        this.engine = TlsEngine.select();
        List<Path> watched = new ArrayList<>(TlsMaterial.files(config.key()));
        if (config.mutualSsl() != null) {
            watched.add(TlsMaterial.file(config.mutualSsl().cert()));
        }
        this.files = List.copyOf(watched);
        this.intervalNanos = SaturatingDurations.toNanos(config.reloadInterval());
        CertValidation validation = config.certValidation();
        this.checksRevocation = validation != null && (config.mutualSsl() != null
                || engine == TlsEngine.JDK && validation.type() == CertValidationType.OCSP_STAPLING);
        this.stapling = SslContexts.staplesOcsp(config, engine) ? newStaplingThread() : null;
        warnIfTheJdkWillNotStaple();
        String digest = digestOrNull();
        this.current = load(digest, null);
        this.nextCheck = new AtomicLong(System.nanoTime() + intervalNanos);
        this.reloading = intervalNanos == 0 ? null : newReloadThread();
    }

    private static ThreadPoolExecutor newReloadThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "duplex-tls-reload");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static ScheduledExecutorService newStaplingThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "duplex-ocsp-stapling");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private void warnIfTheJdkWillNotStaple() {
        CertValidation validation = config.certValidation();
        if (engine == TlsEngine.JDK && validation != null && validation.type() == CertValidationType.OCSP_STAPLING
                && !Boolean.parseBoolean(System.getProperty(JDK_SERVER_STAPLING, "false").trim())) {
            LOG.warn("ListenerSecureSocket.certValidation is OCSP_STAPLING, but the JDK TLS engine staples OCSP"
                    + " responses only when the JVM runs with -D{}=true (set before the listener is constructed);"
                    + " nothing is stapled. The OpenSSL engine staples without it", JDK_SERVER_STAPLING);
        }
    }

    /**
     * Builds the context from the files as they are now; keeps {@code previous}'s staple when the certificate is the
     * same, else makes a new one.
     */
    private Loaded load(String digest, Loaded previous) {
        TlsMaterial.KeyAndChain key = TlsMaterial.load(config.key());
        SslContext context = SslContexts.forListener(config, engine, key);
        OcspStaple staple = null;
        if (stapling != null) {
            if (previous != null && previous.staple() != null && previous.staple().staples(key.chain().get(0))) {
                staple = previous.staple();
            } else {
                staple = OcspStaple.forChain(key.chain(), config.certValidation(), stapling, Clock.systemUTC(),
                        String.valueOf(files.get(0))).orElse(null);
            }
        }
        return new Loaded(context, digest, staple);
    }

    public TlsEngine engine() {
        return engine;
    }

    /**
     * Fetches the OCSP response to staple, when this library staples, on the calling thread (bounded by
     * {@link OcspStaple#FETCH_TIMEOUT}), so the first connections carry it; then keeps it fresh in the background.
     */
    public void start() {
        OcspStaple staple;
        synchronized (this) {
            started = true;
            staple = current.staple();
        }
        if (staple != null) {
            staple.fetchNow();
        }
    }

    /** Stops refreshing the staple and checking the files; idempotent. */
    public synchronized void stop() {
        started = false;
        if (reloading != null) {
            reloading.shutdownNow();
        }
        OcspStaple staple = current.staple();
        if (staple != null) {
            staple.stop();
        }
        if (stapling != null) {
            stapling.shutdownNow();
        }
    }

    /**
     * A handler for a new connection, with the current context and the configured handshake timeout. On the JDK
     * engine, its handshake work goes through {@link HandshakeTasks}, which refuses client-initiated renegotiation
     * (the OpenSSL engine refuses it by itself). When handshakes may wait on the network (client certificates are
     * checked for revocation, or the JDK engine staples), the handshake work runs on {@link HandshakeWorkers}, not on
     * the event loop.
     */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        checkSoonIfDue();
        Loaded loaded = current;
        SslHandler handler;
        if (engine == TlsEngine.JDK) {
            handler = HandshakeTasks.newHandler(loaded.context(), allocator,
                    checksRevocation ? HandshakeWorkers.shared() : Runnable::run);
        } else {
            handler = checksRevocation ? loaded.context().newHandler(allocator, HandshakeWorkers.shared())
                    : loaded.context().newHandler(allocator);
        }
        handler.setHandshakeTimeoutMillis(SaturatingDurations.toMillis(config.handshakeTimeout()));
        if (loaded.staple() != null) {
            byte[] response = loaded.staple().response();
            if (response != null) {
                ((ReferenceCountedOpenSslEngine) handler.engine()).setOcspResponse(response);
            }
        }
        if (!config.shareSession()) {
            UnsharedSessions.refuseResumption(handler);
        }
        return handler;
    }

    /** On an event loop: asks for a check of the files when one is due and none is queued or running. */
    private void checkSoonIfDue() {
        if (reloading == null || System.nanoTime() - nextCheck.get() < 0 || !checking.compareAndSet(false, true)) {
            return;
        }
        try {
            reloading.execute(this::reloadIfChanged);
        } catch (RejectedExecutionException stopped) {
            checking.set(false);
        }
    }

    /** On the reload thread: reads the files and, when they changed, builds the context new connections get. */
    private void reloadIfChanged() {
        try {
            nextCheck.set(System.nanoTime() + intervalNanos);
            String digest = digestOrNull();
            Loaded loaded = current;
            if (digest == null || digest.equals(loaded.digest())) {
                return;
            }
            try {
                Loaded reloaded = load(digest, loaded);
                synchronized (this) {
                    current = reloaded;
                    if (reloaded.staple() != loaded.staple()) {
                        if (loaded.staple() != null) {
                            loaded.staple().stop();
                        }
                        if (started && reloaded.staple() != null) {
                            reloaded.staple().fetchSoon();
                        }
                    }
                }
                LOG.info("reloaded the TLS certificate and key from {}; new connections use them", files);
            } catch (SslException unusable) {
                current = new Loaded(loaded.context(), digest, loaded.staple());
                LOG.warn("the TLS files {} changed but cannot be used; keeping the previous ones: {}", files,
                        unusable.getMessage());
            }
        } finally {
            checking.set(false);
        }
    }

    /** A digest of the files' contents, or {@code null} when one cannot be read right now. */
    private String digestOrNull() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            LOG.debug("cannot read the TLS files {} to check for changes: {}", files, e.toString());
            return null;
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
