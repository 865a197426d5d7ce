package dev.duplex.websocket.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many bytes wait in the kernel's queues of a loopback TCP connection, read from Linux's {@code /proc/net/tcp}
 * and {@code /proc/net/tcp6}. With it a test can tell how much a server process has really read off its socket —
 * what the client wrote, less what still waits in the client's send queue and the server's receive queue — and so
 * prove that backpressure stops reading instead of buffering in memory.
 *
 * <p>Every error of the estimate (the two sockets' lines are not read at the same instant) makes it smaller, never
 * larger: bytes moving between the queues meanwhile are counted twice or not at all as "read".
 */
public final class KernelSocketQueues {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private KernelSocketQueues() {
    }

    /** Whether this system exposes the queues (Linux). */
    public static boolean available() {
        return TABLES.stream().allMatch(Files::isReadable);
    }

    /**
     * The bytes the server of the loopback connection {@code clientPort → serverPort} has read, given that the client
     * wrote {@code written} bytes; -1 when the connection is not found.
     */
    public static long bytesReadByServer(int serverPort, int clientPort, long written) {
        long queued = 0;
        boolean found = false;
        try {
            for (Path table : TABLES) {
                for (String line : Files.readAllLines(table)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length < 5 || !fields[1].endsWith(port(serverPort)) && !fields[1].endsWith(port(clientPort))
                            || !isLoopback(fields[1]) || !isLoopback(fields[2])) {
                        continue;
                    }
                    String[] queues = fields[4].split(":");
                    if (fields[1].endsWith(port(serverPort)) && fields[2].endsWith(port(clientPort))) {
                        queued += Long.parseLong(queues[1], 16);
                        found = true;
                    } else if (fields[1].endsWith(port(clientPort)) && fields[2].endsWith(port(serverPort))) {
                        queued += Long.parseLong(queues[0], 16);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found ? written - queued : -1;
    }

    /** The address column's port suffix, as in {@code 0100007F:1F90}. */
    private static String port(int port) {
        return String.format(":%04X", port);
    }

    /** 127.0.0.1 in tcp ({@code 0100007F}) or IPv4-mapped in tcp6 ({@code 0000000000000000FFFF00000100007F}). */
    private static boolean isLoopback(String address) {
        return address.startsWith("0100007F:") || address.startsWith("0000000000000000FFFF00000100007F:");
    }
}
