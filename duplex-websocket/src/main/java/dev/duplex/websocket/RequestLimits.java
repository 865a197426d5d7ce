package dev.duplex.websocket;

/**
 * Size limits on the HTTP request that asks for the upgrade (spec §2.1, {@code RequestLimitConfigs}), and on the
 * plain requests of an {@link HttpListener}.
 *
 * <p>Thread safety: immutable.
 *
 * @param maxUriLength      longest request URI accepted; longer → {@code 414 URI Too Long}; default 4096
 * @param maxHeaderSize     largest total size of the request headers; larger → {@code 431 Request Header Fields Too
 *                          Large}; default 8192
 * @param maxEntityBodySize largest request body; larger → {@code 413 Payload Too Large}; -1 (the default) means no
 *                          limit
 */
public record RequestLimits(int maxUriLength, int maxHeaderSize, long maxEntityBodySize) {
    /** The spec's defaults: 4096, 8192, -1. */
    public static final RequestLimits DEFAULT = new RequestLimits(4096, 8192, -1);

    /**
     * Request limits.
     *
     * @param maxUriLength      longest request URI accepted; positive
     * @param maxHeaderSize     largest total size of the request headers; positive
     * @param maxEntityBodySize largest request body; -1 for no limit, else not negative
     * @throws IllegalArgumentException naming the field when a value is out of range
     */
    public RequestLimits {
        if (maxUriLength < 1) {
            throw new IllegalArgumentException("requestLimits.maxUriLength must be positive, was " + maxUriLength);
        }
        if (maxHeaderSize < 1) {
            throw new IllegalArgumentException("requestLimits.maxHeaderSize must be positive, was " + maxHeaderSize);
        }
        if (maxEntityBodySize < -1) {
            throw new IllegalArgumentException(
                    "requestLimits.maxEntityBodySize must be -1 (no limit) or at least 0, was " + maxEntityBodySize);
        }
    }
}
