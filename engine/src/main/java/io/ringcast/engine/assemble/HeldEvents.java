package io.ringcast.engine.assemble;

import java.util.Arrays;

/**
 * One user's held events in arrival order: (subscription handle, record, why held) triples in a growable ring.
 * Events held for quiet hours and events deferred by a rate limit share the queue, so a user's events leave it in
 * the order they came. Assemble thread only; grows to the largest backlog a user has had, then allocates nothing.
 */
final class HeldEvents
{
    static final byte QUIET = 0;
    static final byte DEFERRED = 1;

    private int[] handles = new int[16];
    private EventRecord[] records = new EventRecord[16];
    private byte[] reasons = new byte[16];
    private int head;
    private int size;
    private int quietCount;

    void add(final int handle, final EventRecord record, final byte reason)
    {
        if (size == handles.length)
        {
            grow();
        }
        final int i = (head + size) & (handles.length - 1);
        handles[i] = handle;
        records[i] = record;
        reasons[i] = reason;
        size++;
        quietCount += reason == QUIET ? 1 : 0;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    int size()
    {
        return size;
    }

    int quietCount()
    {
        return quietCount;
    }

    int deferredCount()
    {
        return size - quietCount;
    }

    int peekHandle()
    {
        return handles[head];
    }

    EventRecord peekRecord()
    {
        return records[head];
    }

    byte peekReason()
    {
        return reasons[head];
    }

    void removeFirst()
    {
        quietCount -= reasons[head] == QUIET ? 1 : 0;
        records[head] = null;
        head = (head + 1) & (handles.length - 1);
        size--;
    }

    /**
     * Removes every event held for {@code handle} (its subscription is gone), passing each record to
     * {@code released}; the others keep their order.
     */
    void removeHandle(final int handle, final java.util.function.Consumer<EventRecord> released)
    {
        int kept = 0;
        final int mask = handles.length - 1;
        for (int k = 0; k < size; k++)
        {
            final int from = (head + k) & mask;
            if (handles[from] == handle)
            {
                quietCount -= reasons[from] == QUIET ? 1 : 0;
                released.accept(records[from]);
                records[from] = null;
                continue;
            }
            final int to = (head + kept) & mask;
            handles[to] = handles[from];
            records[to] = records[from];
            reasons[to] = reasons[from];
            if (to != from)
            {
                records[from] = null;
            }
            kept++;
        }
        size = kept;
    }

    private void grow()
    {
        final int n = handles.length * 2;
        final int[] h = new int[n];
        final EventRecord[] r = new EventRecord[n];
        final byte[] q = new byte[n];
        for (int k = 0; k < size; k++)
        {
            final int i = (head + k) & (handles.length - 1);
            h[k] = handles[i];
            r[k] = records[i];
            q[k] = reasons[i];
        }
        handles = h;
        records = r;
        reasons = q;
        head = 0;
        Arrays.fill(records, size, n, null);
    }
}
