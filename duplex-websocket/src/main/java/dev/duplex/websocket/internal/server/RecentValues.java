package dev.duplex.websocket.internal.server;

/**
 * The strings of recent upgrade requests that are alike across connections — the {@code Host} value, the origin,
 * the user agent, the URI — so that a connection keeps the string an earlier one kept rather than a copy of its own
 * (they live as long as their connections, in {@code UpgradeRequest}). A small table by hash: a value that is not
 * there (or lost its slot to another) is simply kept as it is, and takes the slot.
 *
 * <p>Only for values that are no secret: whatever lands here stays reachable after its connection is gone, until
 * another value takes the slot.
 *
 * <p>Thread safety: any thread. The table is read and written without synchronisation: a thread may miss a value
 * another has just stored, and then keeps its own copy; a {@code String} is immutable, so what a thread reads from a
 * slot is always a whole string.
 */
final class RecentValues {
    private static final int SLOTS = 256;
    private static final String[] RECENT = new String[SLOTS];

    private RecentValues() {
    }

    /** {@return an earlier string equal to {@code value}, or {@code value} itself (then remembered)} */
    static String shared(String value) {
        int slot = value.hashCode() & (SLOTS - 1);
        String seen = RECENT[slot];
        if (value.equals(seen)) {
            return seen;
        }
        RECENT[slot] = value;
        return value;
    }
}
