package io.ringcast.engine.pipeline;

import com.lmax.disruptor.EventHandler;

import io.ringcast.engine.event.EventSlot;

/** Two stages sharing one ring thread: the life-cycle callbacks go to both, first then second. */
abstract class StagePair implements EventHandler<EventSlot>
{
    final EventHandler<EventSlot> first;
    final EventHandler<EventSlot> second;

    StagePair(final EventHandler<EventSlot> first, final EventHandler<EventSlot> second)
    {
        this.first = first;
        this.second = second;
    }

    @Override
    public void onStart()
    {
        first.onStart();
        second.onStart();
    }

    @Override
    public void onShutdown()
    {
        first.onShutdown();
        second.onShutdown();
    }

    @Override
    public void onTimeout(final long sequence) throws Exception
    {
        first.onTimeout(sequence);
        second.onTimeout(sequence);
    }
}
