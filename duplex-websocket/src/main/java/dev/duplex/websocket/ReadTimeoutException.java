package dev.duplex.websocket;

/**
 * No message arrived within the client's {@code readTimeout}. The connection stays open and usable: the
 * next read may succeed. The spec's {@code ReadTimedOutError}.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class ReadTimeoutException extends WebSocketException {
    /**
     * A read timeout.
     *
     * @param message the timeout and the setting to change
     */
    public ReadTimeoutException(String message) {
        super(message);
    }
}
