package dev.duplex.websocket;

import java.lang.reflect.Type;

/**
 * Turns values into JSON text and back, for data binding (spec §3.2.1 onMessage, §4.3 readMessage and writeMessage).
 * {@link JacksonCodec} is the default; implement this to bring Gson, JSON-B or another format. The binding rules
 * around it (text to {@code String} as is, XML to a DOM document, binary to {@code byte[]} as is) are fixed; the
 * codec sees only the rest.
 *
 * <p>Thread safety: implementations must be safe for concurrent use; one instance serves a whole service or client.
 */
public interface MessageCodec {
    /**
     * Parses {@code json} into a value of {@code type} (a {@link Class} or a parameterized type such as
     * {@code List<Order>}).
     *
     * @throws Exception when the text is not valid or does not fit the type; Duplex reports it as a
     *                   {@link DataBindingException} with this as its cause
     */
    Object decode(String json, Type type) throws Exception;

    /**
     * The JSON text of {@code value}.
     *
     * @throws Exception when the value cannot be encoded
     */
    String encode(Object value) throws Exception;
}
