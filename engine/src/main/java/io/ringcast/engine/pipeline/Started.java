package io.ringcast.engine.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;

import io.ringcast.engine.event.EventSlot;

/**
 * Tells the engine when a stage thread is running. The Disruptor's drain check skips processors that
 * have not started yet, and a processor halted before it starts exits without processing: waiting for
 * every stage to start keeps an early {@code close()} from losing what was already published.
 */
final class Started implements EventHandler<EventSlot>
{
    private final EventHandler<EventSlot> stage;
    private final CountDownLatch latch;

    Started(final EventHandler<EventSlot> stage, final CountDownLatch latch)
    {
        this.stage = stage;
        this.latch = latch;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch) throws Exception
    {
        stage.onEvent(slot, sequence, endOfBatch);
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        stage.onBatchStart(batchSize, queueDepth);
    }

    @Override
    public void onStart()
    {
        stage.onStart();
        latch.countDown();
    }

    @Override
    public void onShutdown()
    {
        stage.onShutdown();
    }

    @Override
    public void onTimeout(final long sequence) throws Exception
    {
        stage.onTimeout(sequence);
    }
}
