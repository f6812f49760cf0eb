package io.ringcast.engine.assemble;

import org.agrona.ExpandableArrayBuffer;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;

/**
 * A copy of one matched event that outlives its ring slot while batches hold it. Pooled and reused by the
 * assemble stage; reference-counted by the open batches that hold it (assemble thread only).
 * <p>
 * A delivery adapter may {@linkplain #attachment(Object) attach} the event's encoded wire form the first
 * time it sees the record, so every subscription shares one encoding; it is told to let go of it in
 * {@code DeliveryPort.release}.
 */
public final class EventRecord
{
    private final ExpandableArrayBuffer data;
    private final EventView view;
    private long ingestNanos;
    private int refCount;
    private Object attachment;

    EventRecord(final CodecLimits limits, final int initialCapacity)
    {
        data = new ExpandableArrayBuffer(initialCapacity);
        view = new EventView(limits);
    }

    /** Copies the event {@code source} wraps (already validated). */
    void copyOf(final EventView source, final long ingestNanos)
    {
        data.putBytes(0, source.buffer(), source.offset(), source.length());
        view.wrapCopyOf(source, data, 0);
        this.ingestNanos = ingestNanos;
        refCount = 0;
        attachment = null;
    }

    /** The event. Valid until the record is released. */
    public EventView view()
    {
        return view;
    }

    /** The event's seq. */
    public long seq()
    {
        return view.seq();
    }

    /** Monotonic nanos the event entered the ring. */
    public long ingestNanos()
    {
        return ingestNanos;
    }

    /** The delivery adapter's object for this event (its shared encoding), or null. */
    public Object attachment()
    {
        return attachment;
    }

    /** Sets the delivery adapter's object. Assemble thread (inside {@code deliver}). */
    public void attachment(final Object attachment)
    {
        this.attachment = attachment;
    }

    int retain()
    {
        return ++refCount;
    }

    int releaseOne()
    {
        return --refCount;
    }
}
