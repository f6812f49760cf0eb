package io.ringcast.engine.journal;

import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;

/**
 * A journal in a fixed heap arena, for tests and benchmarks: appends copy the encoded event into a
 * circular byte arena and index it by seq, so recent events can be read back until newer ones overwrite
 * them. Appending never allocates.
 * <p>
 * The journal stage thread appends; {@link #read} is for tests once the events read have been
 * acknowledged (the acknowledgement orders the append before the read).
 */
public final class InMemoryJournal implements JournalPort
{
    private final byte[] arenaBytes;
    private final UnsafeBuffer arena;
    private final long[] positions;
    private final int[] lengths;
    private final int indexMask;
    private final CodecLimits limits;
    private volatile long head;
    private long writePosition;
    private long flushes;

    /** An arena of {@code arenaBytes} bytes indexing the last {@code indexCapacity} (power of two) events. */
    public InMemoryJournal(final int arenaBytes, final int indexCapacity, final long initialHead, final CodecLimits limits)
    {
        if (Integer.bitCount(indexCapacity) != 1)
        {
            throw new IllegalArgumentException("indexCapacity must be a power of two, was " + indexCapacity);
        }
        this.arenaBytes = new byte[arenaBytes];
        this.arena = new UnsafeBuffer(this.arenaBytes);
        this.positions = new long[indexCapacity];
        this.lengths = new int[indexCapacity];
        this.indexMask = indexCapacity - 1;
        this.head = initialHead;
        this.limits = limits;
    }

    /** 16 MiB arena, 64k index, empty, default limits. */
    public InMemoryJournal()
    {
        this(16 << 20, 1 << 16, 0, CodecLimits.DEFAULT);
    }

    @Override
    public long headSeq()
    {
        return head;
    }

    @Override
    public void append(final EventView event)
    {
        final int length = event.length();
        if (length > arenaBytes.length)
        {
            throw new IllegalStateException("event of " + length + " bytes exceeds the in-memory journal arena");
        }
        long position = writePosition;
        final int physical = (int)(position % arenaBytes.length);
        if (physical + length > arenaBytes.length)
        {
            position += arenaBytes.length - physical; // never split a record across the arena's end
        }
        arena.putBytes((int)(position % arenaBytes.length), event.buffer(), event.offset(), length);
        final long seq = event.seq();
        final int slot = (int)(seq & indexMask);
        positions[slot] = position;
        lengths[slot] = length;
        writePosition = position + length;
        head = seq;
    }

    @Override
    public void flush()
    {
        flushes++;
    }

    /** Number of flushes (ring batches) seen. */
    public long flushes()
    {
        return flushes;
    }

    /**
     * The event journaled with {@code seq}, or null when it is not (or no longer) held. Allocates.
     */
    public Event read(final long seq)
    {
        final long h = head;
        if (seq < 1 || seq > h || h - seq > indexMask)
        {
            return null;
        }
        final int slot = (int)(seq & indexMask);
        final long position = positions[slot];
        if (writePosition - position > arenaBytes.length)
        {
            return null;
        }
        final EventView view = new EventView(limits);
        if (view.wrap(arena, (int)(position % arenaBytes.length), lengths[slot]) != io.ringcast.engine.event.CodecError.NONE ||
            view.seq() != seq)
        {
            return null;
        }
        return Event.from(view);
    }
}
