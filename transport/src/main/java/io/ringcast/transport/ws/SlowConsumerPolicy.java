package io.ringcast.transport.ws;

/**
 * What happens to a batch for a subscriber whose connection is over its outbound bound (the write buffer's high
 * water mark): the subscriber is never allowed to hold the others up, only its own events are affected.
 */
public enum SlowConsumerPolicy
{
    /** Close the connection (WebSocket 1008 "slow consumer"); the client resumes from its last seq. The default. */
    DISCONNECT("disconnect"),

    /**
     * Keep the newest batches in a per-connection backlog bounded by {@link WebSocketConfig#slowConsumerBacklogBytes}
     * and drop the oldest; when the connection drains, a {@code gap} message with reason {@code slow_consumer} tells
     * the subscriber which seqs it missed (it can resume from there to fetch them).
     */
    DROP_OLDEST("drop-oldest"),

    /**
     * Record each undeliverable event as a dead letter (reason {@code slow_consumer}) for an operator to inspect and
     * re-drive; the connection stays open (the heartbeat closes it if it stops answering altogether).
     */
    DEAD_LETTER("dead-letter");

    private final String label;

    SlowConsumerPolicy(final String label)
    {
        this.label = label;
    }

    /** The name used in configuration and on the command line. */
    public String label()
    {
        return label;
    }

    /** The policy called {@code label} ({@code disconnect}, {@code drop-oldest}, {@code dead-letter}). */
    public static SlowConsumerPolicy of(final String label)
    {
        for (final SlowConsumerPolicy p : values())
        {
            if (p.label.equals(label))
            {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown slow-consumer policy '" + label +
            "': expected disconnect, drop-oldest or dead-letter");
    }
}
