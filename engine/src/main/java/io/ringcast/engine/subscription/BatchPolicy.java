package io.ringcast.engine.subscription;

import java.util.concurrent.TimeUnit;

/**
 * When a subscription's batch closes: at {@code maxSize} events, {@code lingerNanos} after its first
 * event, or at once on a CRITICAL event. A linger of 0 closes the batch at the end of the ring batch
 * being processed (the Disruptor's natural batching). Immutable.
 *
 * @param maxSize     events per batch, 1..1000
 * @param lingerNanos how long the first event may wait, 0..5 minutes
 */
public record BatchPolicy(int maxSize, long lingerNanos)
{
    /** Largest batch size. */
    public static final int MAX_SIZE = 1000;
    /** Longest linger. */
    public static final long MAX_LINGER_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** Default: 100 events, 1 ms linger. */
    public static final BatchPolicy DEFAULT = new BatchPolicy(100, TimeUnit.MILLISECONDS.toNanos(1));

    /** Validates the ranges with precise messages. */
    public BatchPolicy
    {
        if (maxSize < 1 || maxSize > MAX_SIZE)
        {
            throw new IllegalArgumentException("batch max must be in 1.." + MAX_SIZE + ", was " + maxSize);
        }
        if (lingerNanos < 0 || lingerNanos > MAX_LINGER_NANOS)
        {
            throw new IllegalArgumentException("batch linger must be in 0 ms..300000 ms (5 min), was " +
                TimeUnit.NANOSECONDS.toMillis(lingerNanos) + " ms");
        }
    }

    /** A policy from milliseconds, validated. */
    public static BatchPolicy ofMillis(final int maxSize, final long lingerMillis)
    {
        if (lingerMillis < 0 || lingerMillis > TimeUnit.NANOSECONDS.toMillis(MAX_LINGER_NANOS))
        {
            throw new IllegalArgumentException("batch linger must be in 0 ms..300000 ms (5 min), was " +
                lingerMillis + " ms");
        }
        return new BatchPolicy(maxSize, TimeUnit.MILLISECONDS.toNanos(lingerMillis));
    }
}
