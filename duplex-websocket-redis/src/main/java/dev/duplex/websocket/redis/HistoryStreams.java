package dev.duplex.websocket.redis;

import dev.duplex.websocket.cluster.BrokerMessage;
import dev.duplex.websocket.cluster.HistoryLimits;
import dev.duplex.websocket.cluster.Replay;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A group's history as a Redis stream: appending with trimming, and replaying after an offset. Each entry has one
 * field, {@link #ENTRY_FIELD}, holding the {@link WireMessage}; its id is the offset.
 *
 * <p>Thread safety: stateless.
 */
final class HistoryStreams {
    /** The one field of a history stream's entry. */
    static final String ENTRY_FIELD = "m";

    private HistoryStreams() {
    }

    /**
     * {@code XADD} trimmed to {@code limits.maxMessages()} approximately, then {@code XTRIM MINID} exactly for the age,
     * measured from the new entry's id (so the nodes' clocks do not matter; the trim is not waited for).
     *
     * @return the new entry's id
     */
    static CompletionStage<String> append(RedisAsyncCommands<String, byte[]> redis, String stream,
            BrokerMessage message, HistoryLimits limits) {
        return redis.xadd(stream, new XAddArgs().maxlen(limits.maxMessages()).approximateTrimming(),
                Map.of(ENTRY_FIELD, WireMessage.encode(message, null))).thenApply(id -> {
                    long newest = Long.parseLong(id.substring(0, id.indexOf('-')));
                    String oldestKept = Math.max(0, newest - limits.maxAge().toMillis()) + "-0";
                    redis.xtrim(stream, new XTrimArgs().minId(oldestKept).exactTrimming());
                    return id;
                });
    }

    /**
     * Up to {@code maxMessages} entries after {@code afterOffset}; complete when the entry at the offset is still
     * there (one {@code XRANGE} from the offset itself, inclusive).
     */
    static CompletionStage<Replay> replay(RedisAsyncCommands<String, byte[]> redis, String stream, String afterOffset,
            int maxMessages) {
        return redis.xrange(stream, Range.from(Range.Boundary.including(afterOffset), Range.Boundary.unbounded()),
                Limit.from(maxMessages + 1L)).thenApply(found -> {
                    boolean complete = !found.isEmpty() && found.get(0).getId().equals(afterOffset);
                    List<Replay.Entry> entries = new ArrayList<>();
                    for (var entry : complete ? found.subList(1, found.size()) : found) {
                        if (entries.size() < maxMessages) {
                            entries.add(new Replay.Entry(entry.getId(),
                                    WireMessage.decode(entry.getBody().get(ENTRY_FIELD)).message()));
                        }
                    }
                    return new Replay(entries, complete);
                });
    }
}
