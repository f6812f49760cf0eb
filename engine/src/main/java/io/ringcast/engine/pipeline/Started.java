package io.ringcast.engine.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

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
    private final LongSupplier nanosUntilWake;

    Started(final EventHandler<EventSlot> stage, final CountDownLatch latch)
    {
        this(stage, latch, null);
    }

    /** @param nanosUntilWake when the stage wants its thread woken without events (see BlockingBackoffWaitStrategy) */
    Started(final EventHandler<EventSlot> stage, final CountDownLatch latch, final LongSupplier nanosUntilWake)
    {
        this.stage = stage;
        this.latch = latch;
        this.nanosUntilWake = nanosUntilWake;
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
        if (nanosUntilWake != null)
        {
            BlockingBackoffWaitStrategy.wakeThisThreadFor(nanosUntilWake);
        }
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
