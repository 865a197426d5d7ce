package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.ListenerSecureSocket;
import dev.duplex.websocket.SslException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's TLS context, rebuilt when its files change. As connections arrive, at most once per
 * {@link ListenerSecureSocket#reloadInterval()}, the files are read and digested; when the digest differs, a new
 * context is built and new connections use it (open ones keep theirs). A change that cannot be used (a certificate
 * written before its key, a key that does not decrypt) is logged once and the previous context kept; the next change
 * is tried again.
 *
 * <p>Thread safety: {@link #newHandler} is called from every event loop; the check is guarded by this object and
 * {@link #current} is volatile. The check reads a few small files on the event loop that accepted the connection,
 * at most once per interval.
 */
public final class ReloadingSslContext {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslContext.class);

    private final ListenerSecureSocket config;
    private final TlsEngine engine;
    private final List<Path> files;
    private final long intervalNanos;
    private volatile Loaded current;
    /** Guarded by this. */
    private long nextCheck;

    private record Loaded(SslContext context, String digest) {
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
        this.intervalNanos = config.reloadInterval().toNanos();
        String digest = digestOrNull();
        this.current = new Loaded(SslContexts.forListener(config, engine), digest);
        this.nextCheck = System.nanoTime() + intervalNanos;
    }

    public TlsEngine engine() {
        return engine;
    }

    /** A handler for a new connection, with the current context and the configured handshake timeout. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        reloadIfChanged();
        SslHandler handler = current.context().newHandler(allocator);
        handler.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        if (!config.shareSession()) {
            handler.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    handler.engine().getSession().invalidate();
                }
            });
        }
        return handler;
    }

    private void reloadIfChanged() {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (now - nextCheck < 0) {
                return;
            }
            nextCheck = now + intervalNanos;
            String digest = digestOrNull();
            Loaded loaded = current;
            if (digest == null || digest.equals(loaded.digest())) {
                return;
            }
            try {
                current = new Loaded(SslContexts.forListener(config, engine), digest);
                LOG.info("reloaded the TLS certificate and key from {}; new connections use them", files);
            } catch (SslException unusable) {
                current = new Loaded(loaded.context(), digest);
                LOG.warn("the TLS files {} changed but cannot be used; keeping the previous ones: {}", files,
                        unusable.getMessage());
            }
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
