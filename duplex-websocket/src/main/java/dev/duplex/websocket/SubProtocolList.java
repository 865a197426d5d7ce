package dev.duplex.websocket;

import java.util.List;

/**
 * The check both configurations apply to a list of sub-protocols: present, no {@code null} entry, each a token (not
 * blank, no comma or space), so that a mistake is refused when the configuration is built, naming the setting.
 *
 * <p>Thread safety: stateless.
 */
final class SubProtocolList {
    private SubProtocolList() {
    }

    /**
     * {@return an unmodifiable copy of {@code protocols}}
     *
     * @param setting the setting's name for messages, e.g. {@code "WsServiceConfig.subProtocols"}
     * @throws NullPointerException     naming the setting, when the list or an entry is {@code null}
     * @throws IllegalArgumentException naming the setting and the entry, when an entry is not a token
     */
    static List<String> checked(List<String> protocols, String setting) {
        if (protocols == null) {
            throw new NullPointerException(setting + " must not be null (an empty list for none)");
        }
        for (String protocol : protocols) {
            if (protocol == null) {
                throw new NullPointerException(setting + " must not contain null, was " + protocols);
            }
            if (protocol.isBlank() || protocol.contains(",") || protocol.contains(" ")) {
                throw new IllegalArgumentException(setting + " entries must be tokens (not blank, no comma or"
                        + " space), was '" + protocol + "'");
            }
        }
        return List.copyOf(protocols);
    }
}
