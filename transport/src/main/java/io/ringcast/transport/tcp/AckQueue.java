package io.ringcast.transport.tcp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-producer single-consumer queue of publish outcomes for one connection: the journal stage's thread
 * offers (correlation id, seq, status), the connection's event loop drains. Preallocated parallel arrays, so
 * offering never allocates. The handler bounds its in-flight publishes by the capacity, so an offer never
 * finds the queue full.
 */
final class AckQueue
{
    static final byte ACCEPTED = 0;
    static final byte DUPLICATE = 1;
    static final byte FAILED = 2;

    private final long[] correlationIds;
    private final long[] seqs;
    private final byte[] statuses;
    private final String[] reasons;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();

    /** A queue of {@code capacity} (a power of two) entries. */
    AckQueue(final int capacity)
    {
        correlationIds = new long[capacity];
        seqs = new long[capacity];
        statuses = new byte[capacity];
        reasons = new String[capacity];
        mask = capacity - 1;
    }

    int capacity()
    {
        return mask + 1;
    }

    /** Producer (journal thread) only. @return false when full (the in-flight bound makes this unreachable) */
    boolean offer(final long correlationId, final long seq, final byte status, final String reason)
    {
        final long t = tail.get();
        if (t - head.get() > mask)
        {
            return false;
        }
        final int i = (int)t & mask;
        correlationIds[i] = correlationId;
        seqs[i] = seq;
        statuses[i] = status;
        reasons[i] = reason;
        tail.lazySet(t + 1); // ordered store publishes the entry to the consumer
        return true;
    }

    /** Consumer (event loop) only: the position up to which entries are visible now. */
    long tailPosition()
    {
        return tail.get();
    }

    /** Consumer only: the first unread position. */
    long headPosition()
    {
        return head.get();
    }

    long correlationId(final long position)
    {
        return correlationIds[(int)position & mask];
    }

    long seq(final long position)
    {
        return seqs[(int)position & mask];
    }

    byte status(final long position)
    {
        return statuses[(int)position & mask];
    }

    /** The failure reason at a position; clears it so the string is not kept alive. */
    String takeReason(final long position)
    {
        final int i = (int)position & mask;
        final String reason = reasons[i];
        reasons[i] = null;
        return reason;
    }

    /** Consumer only: frees every entry before {@code position}. */
    void release(final long position)
    {
        head.lazySet(position);
    }
}
