package dev.duplex.websocket.internal.binding;

import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.MessageCodec;
import dev.duplex.websocket.PayloadValidationException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.w3c.dom.Document;

/**
 * The spec's data-binding rules (§3.2.1, §4.3), one implementation for server and client.
 * <ul>
 *   <li>Text to {@code String}: as is. To an XML {@link Document}: parsed safely ({@link SafeXml}). To anything else:
 *       parsed as JSON by the codec.</li>
 *   <li>Binary to {@code byte[]} (or {@link ByteBuffer}): as is. To anything else: decoded as UTF-8 first, then as for
 *       text.</li>
 *   <li>To {@code Object}: text as {@code String}, binary as {@code byte[]} — whatever arrived.</li>
 * </ul>
 * Bound values are validated when validation is on and a Bean Validation provider is present.
 * Outbound, {@code String} and XML documents are text, {@code byte[]} and {@code ByteBuffer} are binary, anything
 * else is JSON text.
 *
 * <p>Thread safety: immutable; the codec must be thread-safe.
 */
public final class MessageBinder {
    private static final int EXCERPT = 80;

    private final MessageCodec codec;
    private final boolean validation;

    public MessageBinder(MessageCodec codec, boolean validation) {
        this.codec = codec;
        this.validation = validation;
    }

    public MessageCodec codec() {
        return codec;
    }

    /**
     * Binds a text message to {@code target}.
     *
     * @throws DataBindingException       when it cannot be bound, with the cause
     * @throws PayloadValidationException when the bound value breaks a constraint
     */
    public Object fromText(String text, Type target) {
        if (target == String.class || target == Object.class || target == CharSequence.class) {
            return text;
        }
        Object value;
        try {
            if (target == Document.class) {
                return SafeXml.parse(text);
            }
            value = codec.decode(text, target);
        } catch (Exception | StackOverflowError e) {
            throw failure("text", target, e);
        }
        if (validation) {
            BeanValidation.validate(value);
        }
        return value;
    }

    /** Binds a binary message to {@code target}; see {@link #fromText}. */
    public Object fromBinary(byte[] data, Type target) {
        if (target == byte[].class || target == Object.class) {
            return data;
        }
        if (target == ByteBuffer.class) {
            return ByteBuffer.wrap(data);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw new DataBindingException("data binding failed: a binary message bound to " + name(target)
                    + " must be UTF-8 text, and this one is not", notUtf8);
        }
        return fromText(text, target);
    }

    /** Whether {@code target} takes binary messages as they are. */
    public static boolean isBinaryType(Type target) {
        return target == byte[].class || target == ByteBuffer.class;
    }

    /** An outbound message: exactly one of {@code text} and {@code binary} is set. */
    public record Outbound(String text, byte[] binary) {
    }

    /**
     * Encodes a value to send.
     *
     * @throws DataBindingException when the codec cannot encode it
     */
    public Outbound encode(Object value) {
        if (value instanceof String text) {
            return new Outbound(text, null);
        }
        if (value instanceof byte[] bytes) {
            return new Outbound(null, bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            return new Outbound(null, bytes);
        }
        if (value instanceof Document document) {
            return new Outbound(SafeXml.toString(document), null);
        }
        return new Outbound(toJson(value), null);
    }

    /** The JSON text of {@code value}. */
    public String toJson(Object value) {
        try {
            return codec.encode(value);
        } catch (Exception e) {
            throw new DataBindingException("cannot encode a " + value.getClass().getName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    private static DataBindingException failure(String kind, Type target, Throwable cause) {
        String detail = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "...";
        }
        return new DataBindingException("data binding failed: cannot bind the " + kind + " message to "
                + name(target) + ": " + detail, cause);
    }

    static String name(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }

    /** The first characters of a message, for logs. */
    public static String excerpt(String text) {
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
