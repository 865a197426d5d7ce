package dev.duplex.websocket.redis;

import dev.duplex.websocket.cluster.BrokerNode;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the history streams of every group this node is subscribed to and delivers each entry, this node's own
 * appends included, in the stream's order with the entry id as its offset: one blocking {@code XREAD} at a time on
 * the reader connection, for all the groups at once.
 *
 * <p>A newly subscribed group is read from the end its stream had when the broker asked (one round trip after
 * {@code subscribe}); the read in progress is then cut short ({@code CLIENT UNBLOCK}, with the reader connection's
 * id, learnt before its first read after each connect) so that the next read includes the group.
 *
 * <p>Thread safety: {@link #add}, {@link #remove} and {@link #reads} may be called from any thread ({@link #positions}
 * is concurrent); the rest runs on the broker's thread, which owns {@link #reading} and {@link #readerId}.
 */
final class HistoryReader {
    /** How long one {@code XREAD} waits for entries before it is issued again with the current groups. */
    static final Duration BLOCK = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final int BATCH = 512;
    private static final String UNRESOLVED = "";
    private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);

    private final RedisKeys keys;
    private final ScheduledExecutorService brokerThread;
    private final Supplier<RedisLinks> links;
    private final Supplier<Boolean> available;
    /** Group to the id of the last entry delivered ({@link #UNRESOLVED} until the stream's end is known). */
    private final Map<String, String> positions = new ConcurrentHashMap<>();
    private BrokerNode node;
    private boolean reading;
    /** The reader connection's {@code CLIENT ID}, or {@code null} until learnt (again, after a reconnect). */
    private Long readerId;

    HistoryReader(RedisKeys keys, ScheduledExecutorService brokerThread, Supplier<RedisLinks> links,
            Supplier<Boolean> available) {
        this.keys = keys;
        this.brokerThread = brokerThread;
        this.links = links;
        this.available = available;
    }

    void start(BrokerNode node) {
        this.node = node;
    }

    /**
     * Starts reading {@code group}'s history from its current end (kept across reconnects once known): the read of
     * the end is sent before this returns.
     */
    void add(String group) {
        if (positions.putIfAbsent(group, UNRESOLVED) == null) {
            resolve(group);
        }
    }

    void remove(String group) {
        positions.remove(group);
    }

    /** Whether {@code group}'s new entries are being read (its stream's end is known). */
    boolean reads(String group) {
        String position = positions.get(group);
        return position != null && !position.equals(UNRESOLVED);
    }

    /** After a reconnect: finds the end of the groups whose end is not known yet, and reads again. */
    void resume() {
        readerId = null;
        positions.forEach((group, position) -> {
            if (position.equals(UNRESOLVED)) {
                resolve(group);
            }
        });
        readNext();
    }

    private void resolve(String group) {
        RedisLinks connected = links.get();
        if (connected == null || !available.get()) {
            return;
        }
        connected.commands().async().xrevrange(keys.history(group), Range.create("-", "+"), Limit.from(1))
                .whenCompleteAsync((last, error) -> {
                    if (error == null && UNRESOLVED.equals(positions.get(group))) {
                        positions.put(group, last.isEmpty() ? "0-0" : last.get(0).getId());
                        if (reading && readerId != null) {
                            connected.commands().async().clientUnblock(readerId, UnblockType.TIMEOUT);
                        }
                        readNext();
                    }
                }, brokerThread);
    }

    /** Issues the next blocking read, unless one is in flight or there is nothing to read. */
    void readNext() {
        RedisLinks connected = links.get();
        if (reading || connected == null || !available.get() || brokerThread.isShutdown()) {
            return;
        }
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] offsets = positions.entrySet().stream()
                .filter(entry -> !entry.getValue().equals(UNRESOLVED))
                .map(entry -> XReadArgs.StreamOffset.from(keys.history(entry.getKey()), entry.getValue()))
                .toArray(XReadArgs.StreamOffset[]::new);
        if (offsets.length == 0) {
            return;
        }
        reading = true;
        if (readerId == null) {
            connected.reader().async().clientId().thenAcceptAsync(id -> readerId = id, brokerThread);
        }
        connected.reader().async().xread(XReadArgs.Builder.block(BLOCK).count(BATCH), offsets)
                .whenCompleteAsync((entries, error) -> {
                    reading = false;
                    if (error != null) {
                        LOG.debug("reading group history failed; retrying in {}", RETRY, error);
                        brokerThread.schedule(this::readNext, RETRY.toMillis(), TimeUnit.MILLISECONDS);
                        return;
                    }
                    deliver(entries);
                    readNext();
                }, brokerThread);
    }

    private void deliver(List<StreamMessage<String, byte[]>> entries) {
        if (entries == null) {
            return;
        }
        for (StreamMessage<String, byte[]> entry : entries) {
            String group = keys.groupOfHistory(entry.getStream());
            if (positions.replace(group, entry.getId()) == null) {
                continue;
            }
            try {
                node.deliver(group, WireMessage.decode(entry.getBody().get(HistoryStreams.ENTRY_FIELD)).message(),
                        entry.getId());
            } catch (RuntimeException e) {
                LOG.warn("dropped history entry {} of group {}: {}", entry.getId(), group, e.toString());
            }
        }
    }
}
