package dev.duplex.websocket;

import java.util.Objects;

/**
 * HTTP/1.x settings of a {@link Listener}; they apply to the HTTP phase before the upgrade
 * (spec §2.1, {@code ListenerHttp1Settings}).
 *
 * <p>Thread safety: immutable.
 *
 * @param keepAlive            keep-alive behaviour for responses that do not upgrade; default {@link KeepAlive#AUTO}
 * @param maxPipelinedRequests how many requests one connection may have waiting at once; more are refused with
 *                             503 and the connection closes; default 10, at least 1
 */
public record Http1Settings(KeepAlive keepAlive, int maxPipelinedRequests) {
    /** The spec's defaults: {@code AUTO}, 10. */
    public static final Http1Settings DEFAULT = new Http1Settings(KeepAlive.AUTO, 10);

    /**
     * HTTP/1.x settings.
     *
     * @param keepAlive            keep-alive behaviour; not {@code null}
     * @param maxPipelinedRequests how many requests one connection may have waiting at once; at least 1
     * @throws IllegalArgumentException when {@code maxPipelinedRequests} is under 1
     * @throws NullPointerException     when {@code keepAlive} is {@code null}
     */
    public Http1Settings {
        Objects.requireNonNull(keepAlive, "http1Settings.keepAlive must not be null");
        if (maxPipelinedRequests < 1) {
            throw new IllegalArgumentException(
                    "http1Settings.maxPipelinedRequests must be at least 1, was " + maxPipelinedRequests);
        }
    }
}
