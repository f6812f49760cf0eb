package io.ringcast.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;

import io.ringcast.engine.event.EventSlot;

/**
 * Two stages on one thread where the second must see a ring batch only after the first has finished it:
 * the journal flushes (and ACKs) at the end of a batch, and assemble may deliver only what was flushed.
 * The first stage runs per event; at the end of the batch the second runs over the same slots, which are
 * still ours because this thread's sequence has not moved past them.
 */
final class BatchChain extends StagePair
{
    private final RingBuffer<EventSlot> ring;
    private long batchStart = -1;

    BatchChain(final EventHandler<EventSlot> first, final EventHandler<EventSlot> second, final RingBuffer<EventSlot> ring)
    {
        super(first, second);
        this.ring = ring;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch) throws Exception
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        first.onEvent(slot, sequence, endOfBatch);
        if (endOfBatch)
        {
            final long start = batchStart;
            batchStart = -1;
            Exception failure = null;
            for (long s = start; s <= sequence; s++)
            {
                try
                {
                    second.onEvent(ring.get(s), s, s == sequence);
                }
                catch (final Exception ex)
                {
                    // one bad slot must not cost the rest of the batch its delivery; report the first after
                    failure = failure == null ? ex : failure;
                }
            }
            if (failure != null)
            {
                throw failure;
            }
        }
    }
}
