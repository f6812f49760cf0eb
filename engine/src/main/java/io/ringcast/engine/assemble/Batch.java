package io.ringcast.engine.assemble;

import io.ringcast.engine.subscription.Subscription;

/**
 * One subscription's open batch: events in seq order, closed by size, linger, a CRITICAL event, the end of a
 * ring batch (linger 0) or a forced flush. Pooled and reused by the assemble stage; a delivery adapter sees
 * it only inside {@code DeliveryPort.deliver} and must copy or retain what it keeps.
 */
public final class Batch
{
    /** What closed a batch. */
    public enum Trigger
    {
        /** It reached the subscription's max size. */
        SIZE,
        /** Its linger time ran out. */
        LINGER,
        /** A CRITICAL event arrived: delivered at once. */
        CRITICAL,
        /** Linger 0: closed at the end of the ring batch it opened in. */
        END_OF_BATCH,
        /** The record pool ran dry, so every open batch was flushed early. */
        FORCED,
        /** The engine is stopping. */
        SHUTDOWN,
        /**
         * A re-driven (dead-letter) event: the subscription's pending batch is delivered first with this
         * trigger, then the re-driven event alone in a batch of its own.
         */
        REDRIVE,
        /** The user's quiet hours ended: the events held through them, merged. */
        QUIET_END,
        /** Events a rate limit deferred, released when the limit allowed them. */
        RATE_RELEASE,
        /**
         * A digest: the events collected since the last one (at most the user's digest cap; {@link #digestCount()}
         * counts them all).
         */
        DIGEST
    }

    private EventRecord[] records = new EventRecord[8];
    private int size;
    private Subscription subscription;
    private Trigger trigger;
    private long digestCount;
    long timerId = -1;

    void open(final Subscription subscription)
    {
        this.subscription = subscription;
        this.size = 0;
        this.trigger = null;
        this.digestCount = 0;
        this.timerId = -1;
    }

    void add(final EventRecord record)
    {
        if (size == records.length)
        {
            // grows to the largest batch size in use, then stays
            records = java.util.Arrays.copyOf(records, Math.min(records.length * 2, 1000));
        }
        records[size++] = record;
    }

    void close(final Trigger trigger)
    {
        this.trigger = trigger;
    }

    void clear()
    {
        for (int i = 0; i < size; i++)
        {
            records[i] = null;
        }
        size = 0;
        subscription = null;
    }

    /** Events in the batch. */
    public int size()
    {
        return size;
    }

    /** The {@code i}-th event, in seq order. */
    public EventRecord get(final int i)
    {
        return records[i];
    }

    /** The subscription the batch is for. */
    public Subscription subscription()
    {
        return subscription;
    }

    /** True for a digest (trigger {@link Trigger#DIGEST}). */
    public boolean digest()
    {
        return trigger == Trigger.DIGEST;
    }

    /** For a digest, the events it sums up: {@link #size()} carried plus the rest counted only. */
    public long digestCount()
    {
        return digestCount;
    }

    void digestCount(final long count)
    {
        digestCount = count;
    }

    /** What closed it. */
    public Trigger trigger()
    {
        return trigger;
    }
}
