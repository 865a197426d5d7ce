package dev.duplex.websocket;

/**
 * No message arrived within the client's {@code readTimeout}. The connection stays open and usable: the
 * next read may succeed. The spec's {@code ReadTimedOutError}.
 */
public class ReadTimeoutException extends WebSocketException {
    public ReadTimeoutException(String message) {
        super(message);
    }
}
