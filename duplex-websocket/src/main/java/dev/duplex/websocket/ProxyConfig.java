package dev.duplex.websocket;

import java.util.Objects;

/**
 * An HTTP proxy a {@link Client} tunnels through with {@code CONNECT} (RFC 9110 §9.3.6): the client connects to the
 * proxy, asks it for a tunnel to the WebSocket server's host and port, and then speaks TLS (for {@code wss}) and
 * WebSocket through the tunnel. With a username, the {@code CONNECT} carries {@code Proxy-Authorization: Basic}.
 *
 * <p>A proxy that refuses the tunnel (e.g. 407 when the credentials are wrong) makes connecting fail with
 * {@link ConnectionException} naming the proxy's status.
 *
 * <p>Thread safety: immutable.
 *
 * @param host     the proxy's host name or address
 * @param port     the proxy's port, 1–65535
 * @param username the user for Basic proxy authentication, or {@code null} for none
 * @param password the password for Basic proxy authentication, or {@code null} (then empty) when a username is set
 */
public record ProxyConfig(String host, int port, String username, String password) {

    /**
     * A proxy; prefer {@link #of(String, int)} and {@link #withCredentials(String, String)}.
     *
     * @param host     the proxy's host name or address; not blank
     * @param port     the proxy's port, 1–65535
     * @param username the user for Basic proxy authentication, or {@code null} for none
     * @param password the password, or {@code null}: then empty when a username is set
     * @throws IllegalArgumentException when the host is blank, the port is out of range, or a password comes without
     *                                  a username
     * @throws NullPointerException     when {@code host} is {@code null}
     */
    public ProxyConfig {
        Objects.requireNonNull(host, "host must not be null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("proxy host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port must be in 1-65535, was " + port);
        }
        if (username == null && password != null) {
            throw new IllegalArgumentException("a proxy password needs a username");
        }
        if (username != null && password == null) {
            password = "";
        }
    }

    /**
     * A proxy without credentials.
     *
     * @param host the proxy's host name or address; not blank
     * @param port the proxy's port, 1–65535
     * @return the proxy configuration
     * @throws IllegalArgumentException when the host is blank or the port is out of range
     */
    public static ProxyConfig of(String host, int port) {
        return new ProxyConfig(host, port, null, null);
    }

    /**
     * This proxy, with Basic credentials.
     *
     * @param username the user; not {@code null}
     * @param password the password; not {@code null}
     * @return a new configuration; this one is unchanged
     */
    public ProxyConfig withCredentials(String username, String password) {
        return new ProxyConfig(host, port, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"));
    }

    /** {@return the host, port and user, never the password} */
    @Override
    public String toString() {
        return "ProxyConfig[" + host + ":" + port + (username == null ? "" : ", user " + username + ", password ***")
                + "]";
    }
}
