package dev.duplex.websocket;

/**
 * HTTP/1.1 keep-alive behaviour for requests that are not upgraded (spec §2.1, {@code http:KeepAlive}); see
 * {@link Http1Settings#keepAlive()}.
 *
 * <p>Thread safety: immutable.
 */
public enum KeepAlive {
    /** Keep the connection open unless the request says {@code Connection: close} (or is HTTP/1.0 without keep-alive). */
    AUTO,
    /** Always keep the connection open after a response. */
    ALWAYS,
    /** Always close the connection after a response. */
    NEVER
}
