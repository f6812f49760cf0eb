package io.ringcast.engine.pipeline;

import com.lmax.disruptor.EventHandler;

import io.ringcast.engine.event.EventSlot;

/** Two stages on one thread, the second run on each event right after the first. */
final class StageChain extends StagePair
{
    StageChain(final EventHandler<EventSlot> first, final EventHandler<EventSlot> second)
    {
        super(first, second);
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch) throws Exception
    {
        first.onEvent(slot, sequence, endOfBatch);
        second.onEvent(slot, sequence, endOfBatch);
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        first.onBatchStart(batchSize, queueDepth);
        second.onBatchStart(batchSize, queueDepth);
    }
}
