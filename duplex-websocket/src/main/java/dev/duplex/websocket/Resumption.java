package dev.duplex.websocket;

/**
 * What {@link Group#resume} did.
 *
 * <p>Thread safety: immutable.
 *
 * @param complete {@code true} when every message after the offset still kept was sent to the member, in order,
 *                 and the member joined; {@code false} when messages after the offset are gone from the group's
 *                 bounded history (the client fell too far behind): nothing was sent, the member did not join, and
 *                 the application should tell the client to reload its state
 * @param replayed how many messages were replayed
 * @param lastOffset the offset of the last message replayed, or the offset asked for when none was
 */
public record Resumption(boolean complete, int replayed, String lastOffset) {
}
