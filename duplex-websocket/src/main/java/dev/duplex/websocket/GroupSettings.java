package dev.duplex.websocket;

import dev.duplex.websocket.cluster.HistoryLimits;
import java.util.Objects;

/**
 * How a {@link Group} treats slow members and whether it keeps a history. Build one with {@link #builder()}; the
 * settings a group is first made with stay its settings on this node.
 *
 * <p>Thread safety: immutable (the {@link Builder} is not thread-safe).
 *
 * @param slowMembers  what a broadcast does with a member over its budget; default {@link SlowMemberPolicy#DROP}
 * @param memberBudget the most bytes a member may have queued and not yet written to its socket, the new message
 *                     included, for a broadcast to queue it; default {@value #DEFAULT_MEMBER_BUDGET} bytes. A message
 *                     larger than this reaches no member.
 * @param history      how much history the group keeps for {@link Group#resume}, or {@code null} (the default) for
 *                     none
 * @param envelope     how members of a group with history learn each message's offset; default
 *                     {@link OffsetEnvelope#JSON}; unused without history
 */
public record GroupSettings(SlowMemberPolicy slowMembers, long memberBudget, HistoryLimits history,
                            OffsetEnvelope envelope) {
    /** The default {@link #memberBudget()}: 1 MiB. */
    public static final long DEFAULT_MEMBER_BUDGET = 1024 * 1024;

    /** Every default: drop over 1 MiB, no history. */
    public static final GroupSettings DEFAULT = builder().build();

    /**
     * Checks every value.
     *
     * @param slowMembers  see {@link #slowMembers()}
     * @param memberBudget see {@link #memberBudget()}
     * @param history      see {@link #history()}
     * @param envelope     see {@link #envelope()}
     * @throws NullPointerException     when {@code slowMembers} or {@code envelope} is {@code null}
     * @throws IllegalArgumentException when {@code memberBudget} is not positive
     */
    public GroupSettings {
        Objects.requireNonNull(slowMembers, "GroupSettings.slowMembers must not be null");
        Objects.requireNonNull(envelope, "GroupSettings.envelope must not be null");
        if (memberBudget < 1) {
            throw new IllegalArgumentException("GroupSettings.memberBudget must be positive, was " + memberBudget);
        }
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link GroupSettings}; every setter is optional.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
     */
    public static final class Builder {
        private SlowMemberPolicy slowMembers = SlowMemberPolicy.DROP;
        private long memberBudget = DEFAULT_MEMBER_BUDGET;
        private HistoryLimits history;
        private OffsetEnvelope envelope = OffsetEnvelope.JSON;

        private Builder() {
        }

        /**
         * @param policy see {@link GroupSettings#slowMembers()}
         * @return this builder
         */
        public Builder slowMembers(SlowMemberPolicy policy) {
            this.slowMembers = policy;
            return this;
        }

        /**
         * @param bytes see {@link GroupSettings#memberBudget()}
         * @return this builder
         */
        public Builder memberBudget(long bytes) {
            this.memberBudget = bytes;
            return this;
        }

        /**
         * @param limits see {@link GroupSettings#history()}; {@code null} for none
         * @return this builder
         */
        public Builder history(HistoryLimits limits) {
            this.history = limits;
            return this;
        }

        /**
         * @param envelope see {@link GroupSettings#envelope()}
         * @return this builder
         */
        public Builder envelope(OffsetEnvelope envelope) {
            this.envelope = envelope;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException when a value is invalid, naming it
         */
        public GroupSettings build() {
            return new GroupSettings(slowMembers, memberBudget, history, envelope);
        }
    }
}
