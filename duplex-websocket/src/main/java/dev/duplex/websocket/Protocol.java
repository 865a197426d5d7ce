package dev.duplex.websocket;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which TLS versions an end allows.
 *
 * <p>Thread safety: immutable.
 *
 * @param name     {@code "TLS"} (or {@code "SSL"}, accepted as its old name); DTLS does not apply to WebSocket
 * @param versions the versions allowed, e.g. {@code TLSv1.3} or {@code TLSv1.2}; empty (the default) allows every
 *                 version the engine enables by default (TLSv1.2 and TLSv1.3)
 */
public record Protocol(String name, List<String> versions) {
    private static final Set<String> KNOWN_VERSIONS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    /**
     * The TLS versions an end allows.
     *
     * @param name     {@code "TLS"} or {@code "SSL"}
     * @param versions the versions allowed, each one of {@code TLSv1.3}, {@code TLSv1.2}, {@code TLSv1.1} and
     *                 {@code TLSv1}; empty for the engine's defaults
     * @throws SslException         when {@code name} is neither {@code "TLS"} nor {@code "SSL"}, or a version is
     *                              unknown
     * @throws NullPointerException when {@code name} or {@code versions} is {@code null}
     */
    public Protocol {
        Objects.requireNonNull(name, "name must not be null");
        if (!name.equals("TLS") && !name.equals("SSL")) {
            throw new SslException("Protocol.name must be TLS (or SSL), was '" + name + "'");
        }
        versions = List.copyOf(Objects.requireNonNull(versions, "versions must not be null"));
        for (String version : versions) {
            if (!KNOWN_VERSIONS.contains(version)) {
                throw new SslException("unknown TLS version '" + version + "' in Protocol.versions; expected one of "
                        + "TLSv1.3, TLSv1.2, TLSv1.1, TLSv1");
            }
        }
    }

    /**
     * TLS limited to {@code versions}, e.g. {@code Protocol.tls("TLSv1.3")}.
     *
     * @param versions the versions allowed; none for the engine's defaults
     * @return the protocol
     * @throws SslException when a version is unknown
     */
    public static Protocol tls(String... versions) {
        return new Protocol("TLS", List.of(versions));
    }
}
