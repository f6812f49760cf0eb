package io.ringcast.engine.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.subscription.Subscription;

/**
 * An in-memory delivery port that keeps a heap copy of every batch, for tests: it allocates per batch and
 * is not meant for the hot path ({@link CountingDelivery} is). The assemble thread writes; test threads read
 * and wait through the synchronized accessors.
 */
public final class RecordingDelivery implements DeliveryPort
{
    /**
     * One delivered batch.
     *
     * @param clientId       the subscription's client
     * @param subscriptionId the subscription's id
     * @param trigger        what closed the batch
     * @param events         its events, in order
     */
    public record Delivered(String clientId, String subscriptionId, Batch.Trigger trigger, List<Event> events)
    {
    }

    /**
     * One closed subscription.
     *
     * @param clientId       the subscription's client
     * @param subscriptionId the subscription's id
     * @param reason         why
     */
    public record Closed(String clientId, String subscriptionId, CloseReason reason)
    {
    }

    private final List<Delivered> batches = new ArrayList<>();
    private final List<Closed> closed = new ArrayList<>();

    @Override
    public synchronized void deliver(final Batch batch)
    {
        final List<Event> events = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++)
        {
            events.add(Event.from(batch.get(i).view()));
        }
        final Subscription s = batch.subscription();
        batches.add(new Delivered(s.clientId(), s.id(), batch.trigger(), List.copyOf(events)));
        notifyAll();
    }

    @Override
    public synchronized void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
    {
        closed.add(new Closed(subscription.clientId(), subscription.id(), reason));
        notifyAll();
    }

    /** Every batch so far (a copy). */
    public synchronized List<Delivered> batches()
    {
        return new ArrayList<>(batches);
    }

    /** Batches for one subscription (a copy). */
    public synchronized List<Delivered> batchesFor(final String clientId, final String subscriptionId)
    {
        final List<Delivered> out = new ArrayList<>();
        for (final Delivered d : batches)
        {
            if (d.clientId().equals(clientId) && d.subscriptionId().equals(subscriptionId))
            {
                out.add(d);
            }
        }
        return out;
    }

    /** Events delivered to one subscription, in delivery order. */
    public synchronized List<Event> eventsFor(final String clientId, final String subscriptionId)
    {
        final List<Event> out = new ArrayList<>();
        for (final Delivered d : batchesFor(clientId, subscriptionId))
        {
            out.addAll(d.events());
        }
        return out;
    }

    /** Closed subscriptions so far (a copy). */
    public synchronized List<Closed> closed()
    {
        return new ArrayList<>(closed);
    }

    /**
     * Waits until {@code condition} holds (re-checked on every delivery), or fails after {@code timeout}.
     *
     * @throws AssertionError on timeout, naming what was awaited
     */
    public synchronized void await(final BooleanSupplier condition, final Duration timeout, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new AssertionError("timed out waiting for " + what + "; batches so far: " + batches.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
