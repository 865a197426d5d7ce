package dev.duplex.benchmarks.fanout;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 64-byte text message every fan-out server publishes, and its reading at the subscribers. ASCII digits at fixed
 * places, so the generator reads them from the received bytes without decoding a string:
 * <pre>
 * B0001 S00000042 T0000000123456789012 xxxxxxxxxxxxxxxxxxxxxxxxxxx
 * batch  sequence  publish time (System.nanoTime of the server, ns)   padding to 64 bytes
 * </pre>
 * The publish time is the server's {@link System#nanoTime()}: on Linux the JVM reads the system-wide monotonic clock
 * there, so the generator's own {@code nanoTime} on the same machine subtracts from it directly.
 *
 * <p>Stateless, thread-safe.
 */
public final class FanoutMessage {
    /** Bytes in every message (UTF-8 and ASCII alike). */
    public static final int SIZE = 64;
    private static final int BATCH_AT = 1;
    private static final int BATCH_DIGITS = 4;
    private static final int SEQUENCE_AT = 7;
    private static final int SEQUENCE_DIGITS = 8;
    private static final int TIME_AT = 17;
    private static final int TIME_DIGITS = 19;

    private FanoutMessage() {
    }

    /** The message of {@code sequence} in {@code batch} published at {@code publishNanos} (not negative). */
    public static byte[] encode(int batch, int sequence, long publishNanos) {
        if (batch < 0 || batch > 9_999 || sequence < 0 || sequence > 99_999_999 || publishNanos < 0) {
            throw new IllegalArgumentException("batch 0–9999, sequence 0–99999999 and publish time ≥ 0 expected, got "
                    + batch + ", " + sequence + ", " + publishNanos);
        }
        byte[] message = new byte[SIZE];
        Arrays.fill(message, (byte) 'x');
        message[0] = 'B';
        message[SEQUENCE_AT - 2] = ' ';
        message[SEQUENCE_AT - 1] = 'S';
        message[TIME_AT - 2] = ' ';
        message[TIME_AT - 1] = 'T';
        message[TIME_AT + TIME_DIGITS] = ' ';
        writeDigits(message, BATCH_AT, BATCH_DIGITS, batch);
        writeDigits(message, SEQUENCE_AT, SEQUENCE_DIGITS, sequence);
        writeDigits(message, TIME_AT, TIME_DIGITS, publishNanos);
        return message;
    }

    /** {@link #encode} as the text a server hands to a text-message API. */
    public static String encodeText(int batch, int sequence, long publishNanos) {
        return new String(encode(batch, sequence, publishNanos), StandardCharsets.US_ASCII);
    }

    /** The batch of the message whose payload starts at {@code payloadStart} of {@code buf}. */
    static int batch(ByteBuf buf, int payloadStart) {
        return (int) readDigits(buf, payloadStart + BATCH_AT, BATCH_DIGITS);
    }

    /** The sequence number of the message whose payload starts at {@code payloadStart}. */
    static int sequence(ByteBuf buf, int payloadStart) {
        return (int) readDigits(buf, payloadStart + SEQUENCE_AT, SEQUENCE_DIGITS);
    }

    /** The publish time of the message whose payload starts at {@code payloadStart}. */
    static long publishNanos(ByteBuf buf, int payloadStart) {
        return readDigits(buf, payloadStart + TIME_AT, TIME_DIGITS);
    }

    private static void writeDigits(byte[] into, int at, int digits, long value) {
        long rest = value;
        for (int i = at + digits - 1; i >= at; i--) {
            into[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }

    private static long readDigits(ByteBuf buf, int at, int digits) {
        long value = 0;
        for (int i = at; i < at + digits; i++) {
            int digit = buf.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("not a fan-out message: byte " + (i - at) + " of a " + digits
                        + "-digit field is " + (char) buf.getByte(i));
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
