package dev.duplex.websocket.internal.protocol;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Validates UTF-8 incrementally, so a text message split across frames (or across reads) is checked as it arrives
 * and rejected at the first byte that cannot be part of well-formed UTF-8 (RFC 3629 §4; RFC 6455 §8.1 asks that
 * an endpoint fail the connection as soon as it sees invalid data). Overlong forms, surrogates and code points
 * above U+10FFFF are invalid.
 *
 * <p>Thread safety: not thread-safe; owned by one connection's reader.
 */
public final class Utf8Validator {
    private static final long ASCII_MASK = 0x8080808080808080L;
    /** Eight bytes of an array at once; the order does not matter for the ASCII test. */
    private static final VarHandle LONG_VIEW = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** Continuation bytes still expected for the current code point. */
    private int pending;
    /** Bounds of the next continuation byte (they narrow after E0, ED, F0 and F4). */
    private int lower = 0x80;
    private int upper = 0xBF;

    /**
     * Checks {@code length} bytes of {@code buf} from {@code index}.
     *
     * @return {@code false} as soon as a byte cannot continue well-formed UTF-8
     */
    public boolean update(ByteBuf buf, int index, int length) {
        int i = index;
        int end = index + length;
        while (i < end) {
            if (pending == 0) {
                // Fast path: skip runs of ASCII eight bytes at a time.
                while (i + 8 <= end && (buf.getLong(i) & ASCII_MASK) == 0) {
                    i += 8;
                }
                if (i >= end) {
                    break;
                }
            }
            if (!accept(buf.getByte(i) & 0xFF)) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** Checks every byte of {@code bytes}. */
    public boolean update(byte[] bytes) {
        return update(bytes, bytes.length);
    }

    /** Checks the first {@code length} bytes of {@code bytes}. */
    public boolean update(byte[] bytes, int length) {
        return update(bytes, 0, length);
    }

    /**
     * Checks {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @return {@code false} as soon as a byte cannot continue well-formed UTF-8
     */
    public boolean update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (pending == 0) {
                // Fast path: skip runs of ASCII eight bytes at a time.
                while (i + 8 <= end && ((long) LONG_VIEW.get(bytes, i) & ASCII_MASK) == 0) {
                    i += 8;
                }
                if (i >= end) {
                    break;
                }
            }
            if (!accept(bytes[i] & 0xFF)) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** Whether the bytes seen so far end on a code point boundary. */
    public boolean isComplete() {
        return pending == 0;
    }

    /** Forgets everything seen, for the next message. */
    public void reset() {
        pending = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    private boolean accept(int b) {
        if (pending > 0) {
            if (b < lower || b > upper) {
                return false;
            }
            lower = 0x80;
            upper = 0xBF;
            pending--;
            return true;
        }
        if (b < 0x80) {
            return true;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b == 0xE0) {
            pending = 2;
            lower = 0xA0;
        } else if (b == 0xED) {
            pending = 2;
            upper = 0x9F;
        } else if (b >= 0xE1 && b <= 0xEF) {
            pending = 2;
        } else if (b == 0xF0) {
            pending = 3;
            lower = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            pending = 3;
        } else if (b == 0xF4) {
            pending = 3;
            upper = 0x8F;
        } else {
            return false;
        }
        return true;
    }

    /** Whether all of {@code bytes} is well-formed UTF-8. */
    public static boolean isValid(byte[] bytes) {
        var validator = new Utf8Validator();
        return validator.update(bytes) && validator.isComplete();
    }
}
