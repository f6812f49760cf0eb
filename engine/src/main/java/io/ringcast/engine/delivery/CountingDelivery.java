package io.ringcast.engine.delivery;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.subscription.Subscription;

/**
 * A delivery port that only counts, for benchmarks and allocation tests: it keeps no references and
 * allocates nothing. Written by the assemble thread, readable from any thread.
 */
public final class CountingDelivery implements DeliveryPort
{
    private volatile long batches;
    private volatile long events;
    private volatile long lastSeq;
    private volatile long closed;

    @Override
    public void deliver(final Batch batch)
    {
        batches = batches + 1;
        events = events + batch.size();
        lastSeq = batch.get(batch.size() - 1).seq();
    }

    @Override
    public void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
    {
        closed = closed + 1;
    }

    public long batches()
    {
        return batches;
    }

    public long events()
    {
        return events;
    }

    /** Seq of the last event delivered. */
    public long lastSeq()
    {
        return lastSeq;
    }

    public long closed()
    {
        return closed;
    }
}
