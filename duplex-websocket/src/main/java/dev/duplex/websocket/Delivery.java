package dev.duplex.websocket;

import java.util.concurrent.CompletionStage;

/**
 * What one broadcast did on this node, counted when the broadcast returned, and how it went across nodes.
 *
 * <p>Semantics: at most once. {@code queued} members had the message put in their outbound queue; it reaches a
 * member's socket unless that connection ends first. For a group with history and a broker, the message is delivered
 * from the broker's ordered history, after the broadcast returns: the counts are then zero and {@code cluster}
 * completes once the message has its offset (see {@link Group#resume}). In one process, a group with history counts
 * as any other.
 *
 * <p>Thread safety: immutable.
 *
 * @param queued  members of this node whose outbound queue took the message
 * @param dropped members of this node that missed it under {@link SlowMemberPolicy#DROP}
 * @param closed  members of this node closed under a closing {@link SlowMemberPolicy}, or closed already
 * @param cluster completes when the message was handed to the broker for other nodes (at once without a broker);
 *                exceptionally with {@code dev.duplex.websocket.cluster.BrokerUnavailableException} when the broker
 *                is unreachable (this node's members got it all the same)
 */
public record Delivery(int queued, int dropped, int closed, CompletionStage<Void> cluster) {
    /**
     * Checks the counts.
     *
     * @param queued  see {@link #queued()}
     * @param dropped see {@link #dropped()}
     * @param closed  see {@link #closed()}
     * @param cluster see {@link #cluster()}
     */
    public Delivery {
        if (queued < 0 || dropped < 0 || closed < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + queued + "/" + dropped + "/" + closed);
        }
        java.util.Objects.requireNonNull(cluster, "cluster");
    }
}
