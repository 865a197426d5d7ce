package dev.duplex.websocket.internal.protocol;

/**
 * A rule of RFC 6455 or a configured limit was broken by the peer. Carries the close code to send; the connection
 * turns it into a close frame and a typed public exception in one place.
 */
public final class ProtocolViolation extends RuntimeException {
    private final int closeCode;

    public ProtocolViolation(int closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
