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
     * @param json the JSON text of a message (a binary message is decoded as UTF-8 first)
     * @param type the type to bind to
     * @return the value, an instance of {@code type}
     * @throws Exception when the text is not valid or does not fit the type; Duplex reports it as a
     *                   {@link DataBindingException} with this as its cause
     */
    Object decode(String json, Type type) throws Exception;

    /**
     * The JSON text of {@code value}, sent as a text message.
     *
     * @param value the value; never {@code null}, a {@code String}, {@code byte[]}, {@code ByteBuffer} or XML
     *              document (those are sent as they are)
     * @return the JSON text
     * @throws Exception when the value cannot be encoded; Duplex reports it as a {@link DataBindingException} with
     *                   this as its cause, and nothing is sent
     */
    String encode(Object value) throws Exception;
}
