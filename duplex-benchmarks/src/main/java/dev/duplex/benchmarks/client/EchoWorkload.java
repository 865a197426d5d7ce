package dev.duplex.benchmarks.client;

import dev.duplex.benchmarks.load.ClientFrames;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * What every client under test does: {@code connections} connections to {@code uri}, each sending one message,
 * waiting for its echo and sending the next (one in flight), text or binary of {@code size} bytes.
 *
 * @param uri         the echo server's WebSocket URI
 * @param connections how many connections
 * @param text        text (printable ASCII, so one byte per character) or binary messages
 * @param size        payload bytes per message
 */
record EchoWorkload(URI uri, int connections, boolean text, int size) {

    /** The text every text message carries. */
    String textPayload() {
        return new String(ClientFrames.asciiText(size), StandardCharsets.US_ASCII);
    }

    /** The bytes every binary message carries. */
    byte[] binaryPayload() {
        return ClientFrames.binary(size);
    }
}
