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
 * @param host     the proxy's host name or address
 * @param port     the proxy's port, 1–65535
 * @param username the user for Basic proxy authentication, or {@code null} for none
 * @param password the password for Basic proxy authentication, or {@code null} (then empty) when a username is set
 */
public record ProxyConfig(String host, int port, String username, String password) {

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

    /** A proxy without credentials. */
    public static ProxyConfig of(String host, int port) {
        return new ProxyConfig(host, port, null, null);
    }

    /** This proxy, with Basic credentials. */
    public ProxyConfig withCredentials(String username, String password) {
        return new ProxyConfig(host, port, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"));
    }

    /** Shows the user but never the password. */
    @Override
    public String toString() {
        return "ProxyConfig[" + host + ":" + port + (username == null ? "" : ", user " + username + ", password ***")
                + "]";
    }
}
