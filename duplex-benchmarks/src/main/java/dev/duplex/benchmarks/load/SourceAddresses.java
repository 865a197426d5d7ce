package dev.duplex.benchmarks.load;

import java.net.InetSocketAddress;

/**
 * Local addresses to open connections from: 127.0.0.2, 127.0.0.3, … in turn ({@link LoadOptions#sourceAddresses()}).
 * The kernel picks an ephemeral port per source address, so rotating them multiplies the ports available when many
 * connections are open or many were opened in a short time. All of 127.0.0.0/8 is loopback on Linux.
 *
 * <p>Immutable, thread-safe.
 */
public final class SourceAddresses {
    private final InetSocketAddress[] addresses;

    /** {@code count} addresses from 127.0.0.2 on; none (the kernel chooses) for 0. */
    public SourceAddresses(int count) {
        addresses = new InetSocketAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = new InetSocketAddress("127.0.0." + (2 + i), 0);
        }
    }

    /** The address for the {@code n}-th connection, or {@code null} (the kernel chooses) when there are none. */
    public InetSocketAddress forConnection(long n) {
        return addresses.length == 0 ? null : addresses[(int) (n % addresses.length)];
    }
}
