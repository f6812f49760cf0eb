package io.ringcast.engine.assemble;

import io.ringcast.engine.event.CodecLimits;

/**
 * Bounded pool of {@link EventRecord}s, created on demand up to {@code capacity} and then reused. Assemble
 * thread only. When it is empty the stage flushes every open batch, which returns every record.
 */
final class EventRecordPool
{
    private final CodecLimits limits;
    private final EventRecord[] free;
    private final int capacity;
    private int freeCount;
    private int created;

    EventRecordPool(final CodecLimits limits, final int capacity)
    {
        this.limits = limits;
        this.capacity = capacity;
        this.free = new EventRecord[capacity];
    }

    /** A record, or null when all {@code capacity} records are held by open batches. */
    EventRecord acquire()
    {
        if (freeCount > 0)
        {
            final EventRecord r = free[--freeCount];
            free[freeCount] = null;
            return r;
        }
        if (created < capacity)
        {
            created++;
            return new EventRecord(limits, 512);
        }
        return null;
    }

    void release(final EventRecord record)
    {
        record.attachment(null);
        free[freeCount++] = record;
    }

    /** Records currently held by batches. */
    int inUse()
    {
        return created - freeCount;
    }
}
